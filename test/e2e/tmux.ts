/**
 * Drives belay in a real terminal: a tmux server of its own (one socket per test file), one session
 * per terminal, keys sent one at a time the way a person types them, and the screen read back with
 * capture-pane until what is expected shows (or a timeout, with the last screen in the message).
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {readdirSync, readFileSync, rmSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

/** Whether tmux can be run here (CI installs it; see .ci/run). */
export const hasTmux = spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0;

/** dist/belay.js, or BELAY_TEST_BIN (as in test/cli). */
export const belayBin = process.env['BELAY_TEST_BIN'] ?? fileURLToPath(new URL('../../dist/belay.js', import.meta.url));

/** How long between two keys: Ink reads a chunk such as "alice\r" as one input, so keys go one by one. */
export const keyGapMs = 60;

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

/** One word for sh, whatever it holds. */
export function shellQuote(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export type BelayCommand = {
	readonly args: readonly string[];
	/** The whole environment of belay, besides PATH, HOME, LANG and the terminal's TERM. */
	readonly env: Readonly<Record<string, string>>;
};

/**
 * The shell command a terminal runs: belay with a clean environment (nothing of the test's BELAY_*,
 * NO_COLOR or XDG_* leaks in), then its exit code on screen, then a pause that keeps the pane (and
 * what belay left on it) open until the server is killed.
 */
export function belayShellCommand({args, env}: BelayCommand): string {
	const vars: Record<string, string> = {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', LANG: 'C.UTF-8', ...env};
	const assignments = Object.entries(vars).map(([name, value]) => `${name}=${shellQuote(value)}`);
	return `env -i TERM="$TERM" ${assignments.join(' ')} ${shellQuote(process.execPath)} ${shellQuote(belayBin)} ${args.map(shellQuote).join(' ')}; echo EXIT=$?; sleep 120`;
}

export type Expected = string | RegExp | ((screen: string) => boolean);

export type CaptureOptions = {
	/** Join lines the terminal wrapped (capture-pane -J): for text printed after the interface left. */
	readonly join?: boolean;
	/** Keep the escape sequences of colours and attributes (capture-pane -e). */
	readonly escapes?: boolean;
};

export type WaitOptions = CaptureOptions & {readonly timeoutMs?: number};

/** A tmux server on a socket of its own; killed with `kill()`. */
export class TmuxServer {
	readonly socket = `belay-e2e-${process.pid}-${randomBytes(3).toString('hex')}`;
	private count = 0;

	/** Runs a tmux command against this server (no user configuration, UTF-8 forced). */
	run(args: readonly string[]): string {
		const env = {...process.env};
		delete env['TMUX'];
		return execFileSync('tmux', ['-f', '/dev/null', '-u', '-L', this.socket, ...args], {encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe']});
	}

	/** A new terminal (a detached session) of the given size, running `command` with sh in `cwd`. */
	open(command: string, {cwd, columns = 80, rows = 24, name = 'term'}: {cwd: string; columns?: number; rows?: number; name?: string}): Terminal {
		const session = `${name}-${++this.count}`;
		this.run(['new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), '-c', cwd, '/bin/sh', '-c', command]);
		return new Terminal(this, session);
	}

	/** Kills the server (and what runs in its terminals) and removes its socket file. */
	kill(): void {
		let socketPath: string | undefined;
		try {
			socketPath = this.run(['display-message', '-p', '#{socket_path}']).trim();
			this.run(['kill-server']);
		} catch {
			// No server (nothing was opened), or it has gone already.
		}
		if (socketPath) rmSync(socketPath, {force: true});
	}
}

/** One terminal: its screen, its keyboard, its size. */
export class Terminal {
	constructor(
		private readonly server: TmuxServer,
		readonly session: string,
	) {}

	/** What the terminal shows now, one line per row (trailing blanks trimmed unless joined). */
	screen({join = false, escapes = false}: CaptureOptions = {}): string {
		const flags = ['-p', ...(join ? ['-J'] : []), ...(escapes ? ['-e'] : [])];
		const text = this.server.run(['capture-pane', ...flags, '-t', this.session]);
		return text
			.replace(/\n$/, '')
			.split('\n')
			.map(line => line.trimEnd())
			.join('\n');
	}

	/** The screen's lines (no escapes). */
	lines(options: CaptureOptions = {}): string[] {
		return this.screen(options).split('\n');
	}

	/** Polls the screen every 100 ms until `expected` shows; fails with the last screen after the timeout. */
	async waitFor(expected: Expected, {timeoutMs = 15_000, ...capture}: WaitOptions = {}): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let screen = '';
		for (;;) {
			screen = this.screen(capture);
			if (matches(screen, expected)) return screen;
			if (Date.now() > deadline) break;
			await sleep(100);
		}
		throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe(expected)} in terminal ${this.session}; the screen:\n${frame(screen)}`);
	}

	/** Waits for belay to end (the `echo EXIT=$?` after it) and gives its exit code and the screen. */
	async exit(timeoutMs = 15_000): Promise<{code: number; screen: string}> {
		const screen = await this.waitFor(/EXIT=\d+/, {timeoutMs, join: true});
		return {code: Number(/EXIT=(\d+)/.exec(screen)![1]), screen};
	}

	/** Presses keys by their tmux names (Enter, Space, BSpace, Down, y ...), one at a time. */
	async press(...keys: string[]): Promise<void> {
		for (const key of keys) {
			this.server.run(['send-keys', '-t', this.session, key]);
			await sleep(keyGapMs);
		}
	}

	/** Types text literally, one character at a time. */
	async type(text: string): Promise<void> {
		for (const character of text) {
			this.server.run(['send-keys', '-t', this.session, '-l', character]);
			await sleep(keyGapMs);
		}
	}

	/**
	 * In a list (the focused item marked ❯), moves down to the item whose line holds `label` and
	 * presses Enter. Fails, with the screen, when no item holds it.
	 */
	async choose(label: string, {max = 12}: {max?: number} = {}): Promise<void> {
		for (let moves = 0; moves <= max; moves++) {
			const focused = this.lines().find(line => line.includes('❯'));
			if (focused?.includes(label)) return this.press('Enter');
			await this.press('Down');
			await sleep(100);
		}
		throw new Error(`no item "${label}" in the list of terminal ${this.session}; the screen:\n${frame(this.screen())}`);
	}

	/** The pid of what the terminal's shell runs now (belay, while it runs), found in /proc; undefined when there is none. */
	childPid(): number | undefined {
		const pane = Number(this.server.run(['display-message', '-p', '-t', this.session, '#{pane_pid}']).trim());
		for (const entry of readdirSync('/proc')) {
			if (!/^\d+$/.test(entry)) continue;
			try {
				// pid (comm) state ppid ...: the command name may hold spaces, so read after its ')'.
				const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
				if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pane) return Number(entry);
			} catch {}
		}
		return undefined;
	}

	/** Whether the terminal shows its cursor (an interface hides it while it runs). */
	cursorVisible(): boolean {
		return this.server.run(['display-message', '-p', '-t', this.session, '#{cursor_flag}']).trim() === '1';
	}

	/** Resizes the terminal, as a person dragging the window does. */
	resize(columns: number, rows: number): void {
		this.server.run(['resize-window', '-t', this.session, '-x', String(columns), '-y', String(rows)]);
	}
}

function matches(screen: string, expected: Expected): boolean {
	if (typeof expected === 'string') return screen.includes(expected);
	if (expected instanceof RegExp) return expected.test(screen);
	return expected(screen);
}

function describe(expected: Expected): string {
	if (typeof expected === 'string') return JSON.stringify(expected);
	if (expected instanceof RegExp) return String(expected);
	return expected.toString().length < 200 ? `a screen where ${expected.toString()}` : 'the expected screen';
}

/** A screen framed for a failure message, trailing empty rows dropped. */
export function frame(screen: string): string {
	const lines = screen.replace(/\n+$/, '').split('\n');
	return ['┌────', ...lines.map(line => `│${line}`), '└────'].join('\n');
}
