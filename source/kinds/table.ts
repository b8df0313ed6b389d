import type {StepKind} from '../runbook/schema.js';
import type {Step} from '../runbook/types.js';
import {approve} from './approve.js';
import {assert} from './assert.js';
import {aws} from './aws.js';
import type {KindDefinition} from './definition.js';
import {edit} from './edit.js';
import {foreach} from './foreach.js';
import {input} from './input.js';
import {manual} from './manual.js';
import {select} from './select.js';
import {shell} from './shell.js';
import {wait} from './wait.js';

/** One definition per kind, keyed by kind. */
export type KindTable = {readonly [K in StepKind]: KindDefinition<K>};

/**
 * Every step kind's definition. A kind of `stepKinds` without a definition here, or a definition
 * for no kind, fails to compile. A new kind is a definition file beside these (its body schema,
 * step type and everything belay does with it but run it), its executor in source/steps/, and its
 * name in `stepKinds`, the `Step` union and this table.
 */
export const kinds = {manual, input, select, aws, wait, shell, approve, edit, foreach, assert} satisfies KindTable;

const table: KindTable = kinds;

/** The definition of one kind, typed for steps of that kind. */
export function kindDefinition<K extends StepKind>(kind: K): KindDefinition<K> {
	return table[kind];
}

/**
 * The definition of a step's own kind. Its methods take any step, and are given this one: the
 * table holds each kind's definition under that kind, so they always meet.
 */
export function definitionOf(step: Step): KindDefinition<StepKind> {
	return kindDefinition(step.kind);
}
