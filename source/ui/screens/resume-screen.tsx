import {ConfirmInput} from '@inkjs/ui';
import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import type {LiveRun} from '../../commands/live-run.js';
import type {ResumeOpening} from '../../commands/open-run.js';
import type {ResumeGiven} from '../../engine/plan-resume.js';
import type {InterfaceApi} from '../api.js';
import {TextField} from '../components/text-field.js';
import {theme} from '../theme.js';
import {assertNever} from '../../assert-never.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {rowsOf} from '../format.js';
import {packEntries} from '../layout.js';

type Props = {
	readonly api: InterfaceApi;
	readonly runId: string;
	readonly given: ResumeGiven;
	readonly onReady: (live: LiveRun) => void;
	readonly onDone: (exitCode: number, message: string) => void;
	readonly onCancel: () => void;
	/**
	 * A run named on the command line (`belay resume RUN-ID`) has no list to go back to: a failure
	 * to open it goes here (the app shows it and leaves with its exit code: 5 for the guard, 4 for a
	 * lock). Without it, the screen offers to go back to the list.
	 */
	readonly onFail?: (error: unknown) => void;
};

const changesAdvice = 'Check the changes (git diff, belay docs) before you go on: the run continues with the new text.';

/** Resuming: a changed runbook to accept (its changed steps named), secret inputs given again. */
export function ResumeScreen({api, runId, given, onReady, onDone, onCancel, onFail}: Props) {
	const {columns, rows} = useTerminalSize();
	const [current, setCurrent] = useState(given);
	const [opening, setOpening] = useState<ResumeOpening | undefined>();
	const [error, setError] = useState<string | undefined>();
	useEffect(() => {
		setOpening(undefined);
		api.openResume(runId, current).then(
			result => {
				if (result.kind === 'ready') onReady(result.live);
				else if (result.kind === 'finished') onDone(0, `belay: run ${runId} already finished (succeeded); nothing to do. See: belay report ${runId}\n`);
				else if (result.kind === 'invalid') {
					onDone(2, `${result.problems.map(problem => `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`).join('\n')}\nthe runbook of run ${runId} is invalid now; fix it, then run belay resume ${runId}\n`);
				} else setOpening(result);
			},
			(failure: unknown) => (onFail ? onFail(failure) : setError((failure as Error).message)),
		);
	}, [current]);
	if (error) {
		return (
			<Box flexDirection="column" paddingX={1}>
				<Text color={theme.danger}>{error}</Text>
				<Text>Back to the list? </Text>
				<ConfirmInput onConfirm={onCancel} onCancel={() => onDone(1, `belay: ${error}\n`)} />
			</Box>
		);
	}
	if (!opening || opening.kind !== 'needs') return <Text>Opening run {runId}…</Text>;
	const need = opening.needs[0]!;
	switch (need.kind) {
		case 'accept-changes':
			return (
				<Box flexDirection="column" paddingX={1}>
					<Text bold>The runbook changed since run {runId} started.</Text>
					<Text>Changed steps:</Text>
					{/* Several a line where one a line would not fit below the terminal's height. */}
					{packEntries(need.changed, Math.max(10, columns - 4), Math.max(1, rows - 3 - rowsOf(`The runbook changed since run ${runId} started.`, columns - 2) - rowsOf(changesAdvice, columns - 2))).map(line => (
						<Text key={line} color={theme.warning} wrap="truncate-end">
							{'  '}
							{line}
						</Text>
					))}
					<Text color={theme.muted}>{changesAdvice}</Text>
					<Box>
						<Text>Accept the changes and resume? </Text>
						<ConfirmInput defaultChoice="cancel" onConfirm={() => setCurrent({...current, acceptChanges: true})} onCancel={onCancel} />
					</Box>
				</Box>
			);
		case 'secret-input':
			return (
				<Box flexDirection="column" paddingX={1}>
					<Text>Secret input {need.name} is not kept on disk: give it again.</Text>
					<TextField label={need.name} secret check={value => (value ? undefined : 'a value is needed')} onSubmit={value => setCurrent({...current, inputs: {...current.inputs, [need.name]: value}})} />
				</Box>
			);
		case 'usage':
			return (
				<Box flexDirection="column" paddingX={1}>
					<Text color={theme.danger}>{need.message}</Text>
					<Text>Back to the list? </Text>
					<ConfirmInput onConfirm={onCancel} onCancel={() => onDone(2, `belay: ${need.message}\n`)} />
				</Box>
			);
		default:
			return assertNever(need);
	}
}
