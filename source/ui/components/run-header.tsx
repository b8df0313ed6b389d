import {Box, Text} from 'ink';
import type {RunState} from '../../engine/state.js';
import type {Environment} from '../../runbook/types.js';
import {fit, shortDuration} from '../format.js';
import {theme} from '../theme.js';

type Props = {
	readonly state: RunState;
	readonly environment: Environment | undefined;
	readonly now: number;
	readonly width: number;
};

/** What an operator must never be wrong about: which run, which environment and account, who is driving. */
export function RunHeader({state, environment, now, width}: Props) {
	const banner = state.dryRun
		? {text: ` DRY RUN ${state.environment ?? ''} `, color: theme.rehearsal}
		: environment?.protected
			? {text: ` PROTECTED ${state.environment} `, color: theme.danger}
			: {text: ` ${state.environment ?? 'no environment'} `, color: theme.safe};
	const account = state.caller ? `account ${state.caller.account} as ${state.caller.arn}` : environment?.account ? `account ${environment.account}` : 'no account check';
	const people = [state.operator, state.pair].filter(Boolean).join(' + ') || 'no operator named';
	const title = `belay · ${state.runbook.title}`;
	return (
		<Box flexDirection="column" width={width}>
			<Box justifyContent="space-between">
				<Text bold>{fit(title, width - banner.text.length - 1)}</Text>
				<Text inverse bold color={banner.color}>
					{banner.text}
				</Text>
			</Box>
			<Text color={theme.muted}>{fit(`run ${state.id} · ${people} · ${shortDuration(now - Date.parse(state.startedAt))}`, width)}</Text>
			<Text color={theme.muted}>{fit(`${account}${environment?.region ? ` · ${environment.region}` : ''}`, width)}</Text>
		</Box>
	);
}
