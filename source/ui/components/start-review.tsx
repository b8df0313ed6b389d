import {ConfirmInput} from '@inkjs/ui';
import {Box, Text} from 'ink';
import type {StartPlan} from '../../engine/plan-start.js';
import {own} from '../../records.js';
import type {Runbook} from '../../runbook/types.js';
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
	return (
		<Box flexDirection="column" paddingX={1}>
			<Text bold>Start {runbook.title}?</Text>
			<Text color={environment?.protected ? theme.danger : theme.safe}>
				{environment ? `${environment.protected ? 'PROTECTED ' : ''}${environment.name}${environment.account ? ` · account ${environment.account}` : ''}` : 'no environment'}
				{started.dryRun ? ' · DRY RUN' : ''}
			</Text>
			<Text>
				{started.operator ?? 'no operator'}
				{started.pair ? ` + ${started.pair}` : ''} · run {plan.runId}
			</Text>
			{Object.entries(started.inputs).map(([name, value]) => (
				<Text key={name} color={theme.muted} wrap="truncate-end">
					{'  '}
					{name} = {typeof value === 'string' ? value : JSON.stringify(value)}
				</Text>
			))}
			<Box>
				<Text>Start now? </Text>
				<ConfirmInput onConfirm={() => onStart(plan)} onCancel={onCancel} />
			</Box>
		</Box>
	);
}
