import {Box, Text} from 'ink';
import {newcomerHint} from '../../commands/newcomer-hint.js';
import {List} from '../components/list.js';
import {useEffect, useState} from 'react';
import type {InterfaceApi, RunbookEntry, RunEntry} from '../api.js';
import {fit, wrapWords} from '../format.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {theme} from '../theme.js';

type Props = {
	readonly api: InterfaceApi;
	/** The runbooks, listed before the screen was shown: its first frame has them. */
	readonly listed?: RunbookEntry[];
	readonly onResume: (runId: string) => void;
	readonly onStart: (entry: Extract<RunbookEntry, {ok: true}>) => void;
	readonly onQuit: () => void;
};

type Item = {readonly key?: string; readonly label: string; readonly value: string};

/** One line for a run that can be resumed: where it stands and who drove it. */
export function runLine(run: RunEntry): string {
	const {state} = run;
	const people = [state.operator, state.pair].filter(Boolean).join('+');
	const updated = state.updatedAt.slice(5, 16).replace('T', ' ');
	// A run id of one's own (--run-id) does not say which runbook it is.
	const name = state.id.startsWith(state.runbook.name) ? state.id : `${state.id} [${state.runbook.name}]`;
	return `${name}${state.environment ? ` (${state.environment})` : ''} step ${run.done}/${run.total} ${run.status}${state.dryRun ? ' (dry run)' : ''} · ${updated}${people ? ` · ${people}` : ''}`;
}

/** Home: the runs that can be resumed first, then the runbooks found; Enter opens one. */
export function HomeScreen({api, listed, onResume, onStart, onQuit}: Props) {
	const {columns, rows} = useTerminalSize();
	const [runbooks, setRunbooks] = useState<RunbookEntry[] | undefined>(listed);
	const [runs] = useState(() => api.listRuns().filter(run => run.status !== 'succeeded'));
	useEffect(() => {
		if (!listed) void api.listRunbooks().then(setRunbooks);
	}, [api]);
	const width = Math.max(20, columns - 4);
	const items: Item[] = [
		...runs.map(run => ({key: `run:${run.state.id}`, label: fit(`⏸ ${runLine(run)}`, width), value: `run:${run.state.id}`})),
		...(runbooks ?? [])
			.filter((entry): entry is Extract<RunbookEntry, {ok: true}> => entry.ok)
			.map(entry => {
				const {name, title, environments} = entry;
				const label = `▷ ${name} — ${title}${environments.length ? ` (${environments.join(', ')})` : ''}`;
				return {key: `book:${entry.path}`, label: fit(label, width), value: `book:${entry.path}`};
			}),
		{key: 'quit', label: 'Quit', value: 'quit'},
	];
	const invalid = (runbooks ?? []).filter(entry => !entry.ok);
	// Below the terminal's height (source/ui/layout.ts says why): the title, the count, a blank line,
	// the invalid runbooks and the keys; the newcomer's hint where the list keeps five items beside it.
	const hint = runs.length === 0 ? wrapWords(newcomerHint, width) : [];
	// Three invalid runbooks at most, then how many more (belay validate names them all).
	const invalidShown = invalid.length > 3 ? invalid.slice(0, 2) : invalid;
	const room = rows - 1 - 4 - invalidShown.length - (invalidShown.length < invalid.length ? 1 : 0);
	const showHint = hint.length > 0 && room - hint.length >= Math.min(items.length, 5);
	const limit = Math.max(3, Math.min(14, room - (showHint ? hint.length : 0)));
	const choose = (item: Item): void => {
		if (item.value === 'quit') return onQuit();
		if (item.value.startsWith('run:')) return onResume(item.value.slice(4));
		const entry = runbooks?.find(candidate => candidate.ok && `book:${candidate.path}` === item.value);
		if (entry?.ok) onStart(entry);
	};
	return (
		<Box flexDirection="column" paddingX={1}>
			<Text bold wrap="truncate-end">
				belay — executable, resumable runbooks
			</Text>
			<Text color={theme.muted} wrap="truncate-end">
				{runs.length > 0 ? `${runs.length} run${runs.length === 1 ? '' : 's'} can be resumed (⏸); ` : ''}
				{runbooks ? `${runbooks.length - invalid.length} runbook${runbooks.length - invalid.length === 1 ? '' : 's'} (▷)` : 'looking for runbooks…'}
			</Text>
			<Box marginTop={1}>{runbooks ? <List items={items} onSelect={choose} limit={limit} /> : null}</Box>
			{invalidShown.map(entry => (
				<Text key={entry.path} color={theme.danger}>
					{fit(`invalid: ${entry.path} (${entry.ok ? 0 : entry.problems.length} problem${!entry.ok && entry.problems.length === 1 ? '' : 's'}; belay validate shows them)`, width)}
				</Text>
			))}
			{invalidShown.length < invalid.length ? <Text color={theme.danger}>{fit(`… and ${invalid.length - invalidShown.length} more invalid runbooks (belay validate shows them)`, width)}</Text> : null}
			{/* Wrapped, not cut: a newcomer needs the whole of it (at 100 columns it ended "then run a…"). */}
			{showHint
				? hint.map((line, index) => (
						<Text key={index} color={theme.muted}>
							{line}
						</Text>
					))
				: null}
			<Text color={theme.muted} wrap="truncate-end">
				↑↓ choose{items.length > limit ? ` (${items.length}, the list scrolls)` : ''} · Enter open · Ctrl-C quit
			</Text>
		</Box>
	);
}
