import {Box, Text, useInput} from 'ink';
import {useMemo, useState} from 'react';
import type {OpenQuestion} from '../../engine/questions.js';
import {stepForKey} from '../../engine/step-for-key.js';
import type {SessionSnapshot} from '../../session/run-session.js';
import type {Step} from '../../runbook/types.js';
import {KeyHelp, keyHelpRows} from '../components/key-help.js';
import {RunHeader} from '../components/run-header.js';
import {StepList, stepsRule} from '../components/step-list.js';
import {StepPanel} from '../components/step-panel.js';
import type {RunController} from '../controller.js';
import {useClock} from '../hooks/use-clock.js';
import {useSession} from '../hooks/use-session.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {theme} from '../theme.js';
import {statusText} from '../../engine/outcome.js';
import {screenRows} from '../layout.js';

type Props = {
	readonly controller: RunController;
	readonly estimates: Readonly<Record<string, number>>;
	readonly isMutating: (step: Step) => boolean;
	/** `belay watch`: the run is driven elsewhere; its questions are shown, not asked here. */
	readonly watching?: boolean;
};

const typingQuestions = new Set(['input', 'confirmText', 'approve']);

/** The step the panel shows: the one asking, else the one running, else the last one that ended. */
export function currentStep(snapshot: SessionSnapshot): string | undefined {
	const [asking] = snapshot.questions;
	if (asking) return asking.key;
	const steps = Object.values(snapshot.state.steps);
	const running = steps.filter(step => step.status === 'running' && step.items === undefined);
	if (running.length > 0) return running.at(-1)!.key;
	const interrupted = steps.filter(step => step.status === 'interrupted');
	if (interrupted.length > 0) return interrupted.at(-1)!.key;
	const ended = steps.filter(step => step.endedAt).sort((a, b) => a.endedAt!.localeCompare(b.endedAt!));
	return ended.at(-1)?.key;
}

/** The run screen: header, steps, the current step with its output or wait, its question, the keys. */
export function RunScreen({controller, estimates, isMutating, watching = false}: Props) {
	const snapshot = useSession(controller.live.session);
	const {columns, rows} = useTerminalSize();
	const [help, setHelp] = useState(false);
	const runbook = controller.live.loaded.runbook;
	const stepKey = currentStep(snapshot) ?? runbook.steps[0]?.id ?? '';
	const step = useMemo(() => stepForKey(runbook, stepKey), [runbook, stepKey]);
	const question = snapshot.questions[0];
	const shown = snapshot.state.steps[stepKey];
	// A running wait's next poll redraws the screen: the clock does not tick just before it.
	const nextPoll = shown?.status === 'running' ? snapshot.waits[stepKey]?.nextPollAt : undefined;
	const now = useClock(`${stepKey} ${shown?.status ?? ''} ${question?.id ?? ''} ${help}`, snapshot.outcome === undefined, nextPoll ? Date.parse(nextPoll) : undefined);
	const typing = question !== undefined && !watching && typingQuestions.has(question.type);
	const [refusal, setRefusal] = useState<string | undefined>();

	// Scrolling back is per step: the next step opens on its newest output.
	const [scrolled, setScrolled] = useState({key: stepKey, back: 0});
	const scroll = scrolled.key === stepKey ? scrolled.back : 0;
	const page = Math.max(1, rows - 14);
	const oldest = Math.max(0, (snapshot.output[stepKey]?.lines.length ?? 0) - page);
	const scrollTo = (back: number): void => setScrolled({key: stepKey, back: Math.min(oldest, Math.max(0, back))});
	useInput((input, key) => {
		if (key.ctrl && input === 'c') return controller.quit();
		if (key.pageUp) return scrollTo(scroll + page);
		if (key.pageDown) return scrollTo(scroll - page);
		if (key.end) return scrollTo(0);
		if (key.home) return scrollTo(oldest);
		if (typing) return;
		if (input === 'q') return controller.quit();
		if (input === '?') return setHelp(shown => !shown);
	});

	const answer = (open: OpenQuestion, value: unknown, by: string | null): void => {
		const result = controller.live.session.answer(open.id, value, by);
		setRefusal(result.ok ? undefined : result.reason);
	};

	const width = Math.max(20, columns - 2);
	const {stepRows, panelRows, rules} = screenRows(rows, runbook.steps.length, question !== undefined);
	// The keys (?) take the step list's rows too where their box would not fit in the panel's.
	const helpTakesList = help && panelRows < keyHelpRows(width);
	return (
		<Box flexDirection="column" width={columns} paddingX={1}>
			<RunHeader state={snapshot.state} environment={runbook.environments[snapshot.state.environment ?? '']} now={now} width={width} />
			{rules ? <Text color={theme.muted}>{stepsRule(runbook.steps, stepKey.split(/[[.]/)[0], stepRows, width)}</Text> : null}
			{helpTakesList || stepRows === 0 ? null : <StepList steps={runbook.steps} state={snapshot.state} current={stepKey.split(/[[.]/)[0]} rows={stepRows} width={width} now={now} />}
			{rules && !helpTakesList ? <Text color={theme.muted}>{'─'.repeat(width)}</Text> : null}
			{help ? (
				<KeyHelp full typing={typing} room={{rows: helpTakesList ? stepRows + panelRows + (rules ? 1 : 0) : panelRows, width}} />
			) : (
				<StepPanel
					stepKey={stepKey}
					step={step}
					snapshot={snapshot}
					question={question && refusal && !question.refused ? {...question, refused: refusal} : question}
					estimateMs={estimates[stepKey]}
					now={now}
					width={width}
					rows={panelRows}
					scroll={scroll}
					onAnswer={answer}
					onQuit={() => controller.quit()}
					isMutating={isMutating}
					watching={watching}
				/>
			)}
			{snapshot.outcome ? (
				<Text bold color={snapshot.outcome.status === 'succeeded' && !snapshot.outcome.failedSteps ? theme.success : theme.warning}>
					Run {statusText(snapshot.outcome.status, snapshot.outcome.failedSteps)}.
				</Text>
			) : controller.isQuitting ? (
				<Text color={theme.warning}>Stopping: the checkpoint is kept…</Text>
			) : (
				<KeyHelp full={false} typing={typing} />
			)}
		</Box>
	);
}
