import {Box, Text} from 'ink';
import {List} from '../components/list.js';
import {useEffect, useState, type ReactNode} from 'react';
import {coerceInput} from '../../engine/answers.js';
import type {StartGiven, StartPlan} from '../../engine/plan-start.js';
import type {LoadedRunbook} from '../../runbook/types.js';
import type {InterfaceApi} from '../api.js';
import {StartReview} from '../components/start-review.js';
import {TextField} from '../components/text-field.js';
import {startAsks} from '../start-asks.js';
import {theme} from '../theme.js';

type Props = {
	readonly api: InterfaceApi;
	readonly loaded: LoadedRunbook;
	readonly given: StartGiven;
	/** The plan, made before the screen was shown when the flow asks nothing: its first frame is then "Start now?". */
	readonly planned?: StartPlan;
	readonly onReady: (plan: Extract<StartPlan, {ok: true}>) => void;
	readonly onCancel: () => void;
};

type Field = {readonly id: string; readonly ask: (given: StartGiven, set: (change: Partial<StartGiven>) => void) => ReactNode};

/** The start flow: environment, operator and pair, inputs; then a last look before the run starts. */
export function StartScreen({api, loaded, given: passed, planned, onReady, onCancel}: Props) {
	// What was given; starting again after a refusal asks for everything but the dry run.
	const [initial, setInitial] = useState(passed);
	const {runbook} = loaded;
	const [, setNamesLoaded] = useState(false);
	useEffect(() => {
		void api.whenRemembered().then(() => setNamesLoaded(true));
	}, [api]);
	const remembered = api.remembered();
	const [given, setGiven] = useState<StartGiven>(initial);
	const [step, setStep] = useState(0);
	const [plan, setPlan] = useState<StartPlan | undefined>(planned);
	const set = (change: Partial<StartGiven>): void => {
		const next = {...given, ...change};
		setGiven(next);
		setStep(step + 1);
		if (step + 1 >= fields.length) void api.planStart(loaded, next).then(setPlan);
	};
	useEffect(() => {
		if (fields.length === 0 && !planned) void api.planStart(loaded, initial).then(setPlan);
	}, []);
	const asks = startAsks(runbook, initial);
	const environments = Object.values(runbook.environments);
	const fields: Field[] = [];
	if (asks.environment) {
		fields.push({
			id: 'environment',
			ask: (_, update) => (
				<Box flexDirection="column">
					<Text bold>Environment</Text>
					<List
						items={environments.map(environment => ({
							key: environment.name,
							value: environment.name,
							label: `${environment.protected ? 'PROTECTED ' : ''}${environment.name}${environment.account ? ` · account ${environment.account}` : ''}${environment.region ? ` · ${environment.region}` : ''}${environment.description ? ` — ${environment.description}` : ''}`,
						}))}
						onSelect={item => update({environment: item.value})}
					/>
				</Box>
			),
		});
	}
	if (asks.operator) {
		fields.push({id: 'operator', ask: (_, update) => <TextField label="Your name (the operator)" defaultValue={remembered.operator} check={value => (value.trim() ? undefined : 'a name is needed: the record says who did what')} onSubmit={value => update({operator: value.trim()})} />});
	}
	if (asks.pair) {
		const required = runbook.pairing === 'required';
		fields.push({
			id: 'pair',
			ask: (current, update) => (
				<TextField
					label={`Your pair's name (who checks)${required ? '' : ', or Enter for none'}`}
					defaultValue={remembered.pair}
					check={value => (required && !value.trim() ? 'this runbook requires a pair: a second person' : value.trim() && value.trim().toLowerCase() === current.operator?.trim().toLowerCase() ? 'the pair must be a second person, not the operator' : undefined)}
					onSubmit={value => update({pair: value.trim() || null})}
				/>
			),
		});
	}
	for (const [name, definition] of Object.entries(runbook.inputs)) {
		if (!asks.inputs.includes(name)) continue;
		// A default that is an expression (`${{ env.name & '-plan' }}`) is worked out by the planner when
		// the field is left empty: it is never offered as the text to submit.
		const computed = typeof definition.default === 'string' && definition.default.includes('${{');
		const fallback = definition.default === undefined || typeof definition.default === 'object' || computed ? undefined : String(definition.default);
		const description = computed ? [definition.description, `Enter for the default, worked out when the run starts: ${String(definition.default)}`].filter(Boolean).join('\n') : definition.description;
		fields.push({
			id: `input:${name}`,
			ask: (current, update) => (
				<TextField
					label={definition.prompt ?? name}
					description={description}
					defaultValue={fallback}
					secret={definition.secret}
					check={value => {
						const checked = coerceInput(value === '' && definition.default !== undefined ? undefined : value, {...definition, required: definition.required && definition.default === undefined});
						// A secret is never shown, not even in the reason it is refused.
						return checked.ok ? undefined : definition.secret ? checked.reason.replace(/, got .*$/, '') : checked.reason;
					}}
					onSubmit={value => update({inputs: {...current.inputs, ...(value === '' ? {} : {[name]: value})}})}
				/>
			),
		});
	}
	const field = fields[step];
	if (field) {
		return (
			<Box flexDirection="column" paddingX={1}>
				<Text bold>
					Start {runbook.title} <Text color={theme.muted}>({step + 1}/{fields.length})</Text>
				</Text>
				<Box key={field.id} marginTop={1}>
					{field.ask(given, set)}
				</Box>
			</Box>
		);
	}
	if (!plan) return <Text>Checking…</Text>;
	return (
		<StartReview
			runbook={runbook}
			plan={plan}
			onStart={ready => (api.remember({operator: ready.started.operator, pair: ready.started.pair}), onReady(ready))}
			onAgain={() => {
				const fresh = {inputs: {}, operator: null, pair: null, dryRun: passed.dryRun};
				setInitial(fresh);
				setGiven(fresh);
				setStep(0);
				setPlan(undefined);
			}}
			onCancel={onCancel}
		/>
	);
}
