// A plan derived from a clone's run-upgrade.sh against the built-in plan of the same series: the
// steps the script marks (bootstrap-ansible.sh and its RUN_TASKS items) must be the same runs,
// with the same markers. Pure.
import {isAbsolute, resolve} from 'node:path';
import {shellQuote} from '../ansible/command.js';
import type {Plan, PlanStep} from './types.js';

/** argv with a relative program resolved against cwd, as the step runs it. */
function runs(step: PlanStep): string {
	const [program = '', ...rest] = step.argv;
	return shellQuote([program.includes('/') && !isAbsolute(program) ? resolve(step.cwd, program) : program, ...rest]);
}

const unitText = (step: PlanStep): string => (step.unit ? `${step.unit.role === 'fallback' ? 'the fallback' : 'a step'} of unit ${step.unit.id}` : 'outside any unit');

/** The derived plan against the built-in one of its series, as `plan` and the start prompt say it. */
export function comparisonLines(c: {name: string; differences: string[]}): string[] {
	if (c.differences.length === 0) return [`Same playbook runs and markers as the built-in plan ${c.name}.`];
	return [`Differs from the built-in plan ${c.name} (this clone's script is what runs):`, ...c.differences.map((d) => `  - ${d}`)];
}

/** What differs, one line each; empty when the marked steps are the same. */
export function planDifferences(derived: Plan, builtin: Plan, builtinName: string): string[] {
	const marked = (plan: Plan) => plan.steps.filter((step) => step.marker !== undefined);
	const mine = marked(derived);
	const theirs = marked(builtin);
	const out: string[] = [];
	const count = Math.max(mine.length, theirs.length);
	for (let i = 0; i < count; i++) {
		const a = mine[i];
		const b = theirs[i];
		if (!a || !b) {
			const extra = (a ?? b)!;
			out.push(a ? `the clone's script also runs ${extra.id}: ${runs(extra)}` : `the clone's script does not run ${extra.id} (${builtinName} does: ${runs(extra)})`);
			continue;
		}
		const where = a.id === b.id ? a.id : `${a.id} (${builtinName}: ${b.id})`;
		if (runs(a) !== runs(b)) out.push(`${where}: the clone's script runs ${runs(a)}; ${builtinName} runs ${runs(b)}`);
		if (a.marker?.path !== b.marker?.path) out.push(`${where}: marker ${a.marker?.path} in the clone's script; ${b.marker?.path} in ${builtinName}`);
		if (unitText(a) !== unitText(b)) out.push(`${where}: ${unitText(a)} in the clone's script; ${unitText(b)} in ${builtinName}`);
		if (a.pause !== b.pause) out.push(`${where}: pause: ${a.pause} here; ${b.pause} in ${builtinName}`);
	}
	return out;
}
