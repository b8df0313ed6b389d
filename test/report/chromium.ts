/**
 * Headless Chromium (Debian's `chromium`) as a user's browser: loads a page over a local HTTP server
 * that records every request, so a test sees whether the page fetched anything besides itself.
 */
import {execFile} from 'node:child_process';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {promisify} from 'node:util';

const run = promisify(execFile);

export const chromiumBin = process.env['BELAY_CHROMIUM'] ?? 'chromium';

const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-extensions', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--metrics-recording-only', '--mute-audio'];

export type Served = {readonly url: string; readonly requests: string[]; close(): Promise<void>};

/** Serves `html` at /report.html; every request path is recorded. */
export async function serve(html: string): Promise<Served> {
	const requests: string[] = [];
	const server = createServer((request, response) => {
		requests.push(request.url ?? '');
		if (request.url === '/report.html') {
			response.writeHead(200, {'content-type': 'text/html; charset=utf-8'});
			response.end(html);
		} else {
			response.writeHead(404);
			response.end();
		}
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/report.html`,
		requests,
		close: () => new Promise(resolve => server.close(() => resolve())),
	};
}

/**
 * Loads the page once: its DOM as Chromium serializes it after loading, and, with `png`, a
 * screenshot of its first `height` pixels at `width` (one browser start for both: it is slow).
 */
export async function render(url: string, png?: {path: string; width: number; height: number}): Promise<string> {
	const shot = png ? [`--screenshot=${png.path}`, `--window-size=${png.width},${png.height}`] : [];
	try {
		const {stdout} = await run(chromiumBin, [...flags, ...shot, '--dump-dom', url], {maxBuffer: 64 * 1024 * 1024, timeout: 90_000});
		return stdout;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			throw new Error(`${chromiumBin} is not installed: apt-get install chromium (.ci/run does), or set BELAY_CHROMIUM to a Chromium binary`);
		}
		throw error;
	}
}

/** The width and height a PNG file's header gives. */
export function pngSize(png: Buffer): {width: number; height: number} {
	if (png.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error('not a PNG');
	return {width: png.readUInt32BE(16), height: png.readUInt32BE(20)};
}
