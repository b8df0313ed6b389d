import {ConfirmInput} from '@inkjs/ui';
import {Box, Text} from 'ink';
import type {StartPlan} from '../../engine/plan-start.js';
import {own} from '../../records.js';
import type {Runbook} from '../../runbook/types.js';
import {rowsOf} from '../format.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {packEntries} from '../layout.js';
import {theme} from '../theme.js';

type Props = {
	readonly runbook: Runbook;
	readonly plan: StartPlan;
	readonly onStart: (plan: Extract<StartPlan, {ok: true}>) => void;
	readonly onAgain: () => void;
	readonly onCancel: () => void;
};

/** The last look before a run starts (environment, people, run id, inputs), or why it cannot start. */
export function StartReview({runbook, plan, onStart, onAgain, onCancel}: Props) {
	const {columns, rows} = useTerminalSize();
	if (!plan.ok) {
		return (
			<Box flexDirection="column" paddingX={1}>
				{plan.needs.map(need => (
					<Text key={need.message} color={theme.danger}>
						{need.message}
					</Text>
				))}
				<Text>Start again, answering each question? </Text>
				<ConfirmInput onConfirm={onAgain} onCancel={onCancel} />
			</Box>
		);
	}
	const {started} = plan;
	const environment = started.environment ? own(runbook.environments, started.environment) : undefined;
	const where = `${environment ? `${environment.protected ? 'PROTECTED ' : ''}${environment.name}${environment.account ? ` · account ${environment.account}` : ''}` : 'no environment'}${started.dryRun ? ' · DRY RUN' : ''}`;
	const who = `${started.operator ?? 'no operator'}${started.pair ? ` + ${started.pair}` : ''} · run ${plan.runId}`;
	// Every input in sight below the terminal's height (source/ui/layout.ts): several a line where
	// one a line does not fit. The environment wraps rather than lose its account.
	const width = Math.max(10, columns - 2);
	const room = rows - 1 - 2 - rowsOf(where, width) - rowsOf(who, width);
	const entries = Object.entries(started.inputs).map(([name, value]) => `${name} = ${typeof value === 'string' ? value : JSON.stringify(value)}`);
	return (
		<Box flexDirection="column" paddingX={1}>
			<Text bold wrap="truncate-end">
				Start {runbook.title}?
			</Text>
			<Text color={environment?.protected ? theme.danger : theme.safe}>{where}</Text>
			<Text>{who}</Text>
			{packEntries(entries, width - 2, Math.max(1, room)).map((line, index) => (
				<Text key={index} color={theme.muted} wrap="truncate-end">
					{'  '}
					{line}
				</Text>
			))}
			<Box>
				<Text>Start now? </Text>
				<ConfirmInput onConfirm={() => onStart(plan)} onCancel={onCancel} />
			</Box>
		</Box>
	);
}
