import {compileExpression, originalOffset, rewriteDashedSteps} from './compile.js';

/** A name an expression reads from its scope: `steps.restore.outputs.arn` → root `steps`. */
export type Reference = {readonly root: string; readonly path: readonly string[]; readonly offset: number};

/** A function an expression calls, `$date(...)` → `date`. */
export type FunctionCall = {readonly name: string; readonly offset: number};

type Node = {
	type?: string;
	value?: unknown;
	position?: number;
	steps?: Node[];
	[key: string]: unknown;
};

const relativeKeys = new Set(['stages', 'predicate', 'group', 'focus', 'index', 'tuple', 'seekingParent']);

/** Names the expression reads at its root and functions it calls (parses it; throws on bad syntax). */
export function analyseExpression(source: string): {references: Reference[]; calls: FunctionCall[]} {
	const ast = compileExpression(source).ast() as Node;
	const references: Reference[] = [];
	const calls: FunctionCall[] = [];
	const bound = new Set<string>();
	const {inserts} = rewriteDashedSteps(source);
	const start = (node: Node, text: string): number =>
		Math.max(0, originalOffset(inserts, (node.position ?? text.length) - text.length));

	const walk = (node: unknown, atRoot: boolean): void => {
		if (Array.isArray(node)) {
			for (const child of node) walk(child, atRoot);
			return;
		}
		if (node === null || typeof node !== 'object') return;
		const current = node as Node;
		if (current.type === 'bind') {
			const name = (current['lhs'] as Node | undefined)?.value;
			if (typeof name === 'string') bound.add(name);
		}
		if (current.type === 'lambda') {
			for (const argument of (current['arguments'] as Node[] | undefined) ?? []) {
				if (typeof argument.value === 'string') bound.add(argument.value);
			}
			// A lambda's body reads the context where the lambda is written (JSONata closes over it).
			walk(current['body'], atRoot);
			return;
		}
		if ((current.type === 'function' || current.type === 'partial') && (current['procedure'] as Node)?.type === 'variable') {
			const procedure = current['procedure'] as Node;
			const name = String(procedure.value);
			calls.push({name, offset: start(procedure, `$${name}`)});
		}
		if (current.type === 'path' && Array.isArray(current.steps)) {
			// `$$` is the root context anywhere; `$` is the root context at the root.
			const [head, ...tail] = current.steps;
			const viaRoot = head?.type === 'variable' && (head.value === '$' || (head.value === '' && atRoot));
			if (viaRoot) walk(head, atRoot);
			const [first, ...rest] = viaRoot ? tail : current.steps;
			if (first?.type === 'name' && (atRoot || viaRoot) && typeof first.value === 'string') {
				const path: string[] = [];
				for (const step of rest) {
					if (step.type !== 'name' || typeof step.value !== 'string') break;
					path.push(step.value);
				}
				references.push({root: first.value, path, offset: start(first, first.value)});
				walkChildren(first, false);
			} else if (first) {
				walk(first, atRoot);
			}
			for (const step of rest) walk(step, false);
			for (const key of Object.keys(current)) {
				if (key !== 'steps' && key !== 'position' && key !== 'type' && key !== 'value') walk(current[key], false);
			}
			return;
		}
		walkChildren(current, atRoot);
	};
	const walkChildren = (node: Node, atRoot: boolean): void => {
		for (const [key, child] of Object.entries(node)) {
			if (key === 'position' || key === 'type' || key === 'value' || key === 'procedure') continue;
			walk(child, relativeKeys.has(key) ? false : atRoot);
		}
	};
	walk(ast, true);
	return {references, calls: calls.filter(call => !bound.has(call.name))};
}
