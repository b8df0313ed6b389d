import {Box, Text} from 'ink';
import type {OpenQuestion} from '../../engine/questions.js';
import type {StepState} from '../../engine/state.js';
import {describeRequest} from '../../headless/printer.js';
import type {Step} from '../../runbook/types.js';
import type {SessionSnapshot} from '../../session/run-session.js';
import {clipLines, fit, shortDuration} from '../format.js';
import {QuestionPrompt} from '../prompts/question-prompt.js';
import {panelRows} from '../layout.js';
import {theme} from '../theme.js';
import {Beat} from './beat.js';
import {Markdown} from './markdown.js';
import {OutputView} from './output-view.js';
import {shownTitle, statusMark} from './step-list.js';
import {timeLeft, timeLeftText, WaitView} from './wait-view.js';

type Props = {
	readonly stepKey: string;
	readonly step: Step | undefined;
	readonly snapshot: SessionSnapshot;
	readonly question: OpenQuestion | undefined;
	readonly estimateMs: number | undefined;
	readonly now: number;
	readonly width: number;
	readonly rows: number;
	readonly scroll: number;
	readonly onAnswer: (question: OpenQuestion, value: unknown, by: string | null) => void;
	readonly onQuit: () => void;
	readonly isMutating: (step: Step) => boolean;
	/** `belay watch`: the question is answered where the run is driven (or with `belay approve`), not here. */
	readonly watching?: boolean;
};

/** How long a step has run, and how long it has left by earlier runs of the runbook. */
export function runningLabel(elapsedMs: number, estimateMs: number | undefined): string {
	const left = timeLeftText(timeLeft(elapsedMs, undefined, estimateMs));
	return `running ${shortDuration(elapsedMs)}${left ? ` · ${left}` : ''}`;
}

/** The current step: what it is, what exactly it will do, what it prints or waits for, and the question it asks. */
export function StepPanel({stepKey, step, snapshot, question, estimateMs, now, width, rows, scroll, onAnswer, onQuit, isMutating, watching = false}: Props) {
	const recorded: StepState | undefined = snapshot.state.steps[stepKey];
	const {mark, color} = statusMark(recorded, question !== undefined);
	const request = (question?.request ?? recorded?.request) as Record<string, unknown> | undefined;
	const does = describeRequest(request);
	const kind = step ? `${step.kind}${isMutating(step) ? ' · changes things' : ' · reads only'}` : '';
	const running = recorded?.status === 'running';
	// The questions about a step that already ran say themselves what it does and what went wrong.
	const self = question?.type === 'resume' || question?.type === 'failure' || question?.type === 'credentials';
	// Every part has a known height, so the panel never grows past its rows (source/ui/layout.ts).
	const description = step?.description && !self ? (typeof request?.['description'] === 'string' ? request['description'] : step.description) : undefined;
	const doesAll = does && !self ? clipLines(does, width, question ? 2 : 3) : [];
	const failed = recorded?.status === 'failed' && recorded.error && !question ? recorded.error.message.split('\n')[0] : undefined;
	const waiting = running && step?.kind === 'wait';
	const spinning = running && !waiting && step?.kind !== 'foreach' && recorded?.startedAt !== undefined;
	const fixed = (failed ? 1 : 0) + (waiting ? 3 : 0) + (spinning ? 1 : 0);
	// A question keeps four rows at least (its text, its field or two choices, its keys) before the
	// request and the description take any.
	const {descriptionLines, doesLines, outputRows} = panelRows(rows, {description: description !== undefined, does: doesAll.length, fixed}, question ? 3 : 1);
	const doesShown = doesLines < doesAll.length ? clipLines(does!, width, doesLines) : doesAll;
	return (
		<Box flexDirection="column">
			<Box justifyContent="space-between" width={width}>
				<Text bold>
					<Text color={color}>{mark}</Text> {fit(step ? shownTitle(step.title, request) : stepKey, width - kind.length - 4)}
				</Text>
				<Text color={theme.muted}>{kind}</Text>
			</Box>
			{description && descriptionLines ? <Markdown text={description} width={width} maxLines={descriptionLines} /> : null}
			{doesShown.map((line, index) => (
				<Text key={index} color={theme.accent} wrap="truncate-end">
					{line}
				</Text>
			))}
			{failed ? <Text color={theme.danger}>{fit(failed, width)}</Text> : null}
			{waiting ? <WaitView poll={snapshot.waits[stepKey]} startedAt={recorded?.startedAt} estimateMs={estimateMs} now={now} width={width} /> : null}
			{spinning ? <Beat now={now} label={fit(runningLabel(now - Date.parse(recorded!.startedAt!), estimateMs), width - 2)} /> : null}
			{question ? null : <OutputView window={snapshot.output[stepKey]} rows={outputRows} width={width} scroll={scroll} />}
			{question && watching ? <Text color={theme.muted}>{askedElsewhere(question, snapshot.state.id, width)}</Text> : null}
			{question && !watching ? (
				<Box>
					<QuestionPrompt
						key={question.id}
						question={question}
						operator={snapshot.state.operator}
						runId={snapshot.state.id}
						onAnswer={(value, by) => onAnswer(question, value, by)}
						onQuit={onQuit}
						room={{rows: outputRows + 1, width}}
					/>
				</Box>
			) : null}
		</Box>
	);
}

/** What a watcher sees of a question: where it is answered. */
export function askedElsewhere(question: OpenQuestion, runId: string, width: number): string {
	const where = `Waiting for an answer (${question.type}) where the run is driven`;
	return fit(question.type === 'approve' ? `${where}, or from the approver's terminal: belay approve ${runId} ${question.key} --operator NAME` : `${where}.`, width * 2);
}
