// Preflight's syntax check, as the operator reads it: each playbook step that runs
// ansible-playbook is checked with `ansible-playbook --syntax-check` before anything runs (and
// before the YES prompt); a failure is exit 2 with ansible's own error, its file and line.
import {shellQuote} from '../ansible/command.js';
import {ansibleErrorLine} from '../ansible/error-text.js';
import {syntaxCheck} from '../ansible/syntax-check.js';
import {syntaxTargets} from '../plan/syntax-targets.js';
import type {Plan, PlanProblem} from '../plan/types.js';
import {CommandExit, exitCodes, type Io} from './io.js';

/** Checks every playbook step it may; returns the warnings for what it did not check. */
export function mustPassSyntaxCheck(plan: Plan, io: Io): PlanProblem[] {
	const {checks, skipped} = syntaxTargets(plan, io.env);
	for (const check of checks) {
		const result = syntaxCheck(check, io.env);
		if (result.ok) continue;
		// One ansible-playbook checked several playbooks: the step is the one whose file ansible names.
		const file = result.error?.origin?.replace(/:\d+:\d+$/, '');
		const named = check.steps.filter((i) => plan.steps[i]!.playbook === file);
		const shown = named.length > 0 ? named : check.steps;
		const steps = shown.map((i) => plan.steps[i]!.id).join(', ');
		const lines = [`${plan.path}: the syntax check of step${shown.length === 1 ? '' : 's'} ${steps} failed: ${shellQuote([check.program, ...check.args])} ${result.exit} in ${check.cwd}`];
		if (result.error) {
			lines.push(`  ${ansibleErrorLine(result.error)}`, '', ...result.error.text.split('\n').map((l) => `  | ${l}`));
		} else if (result.output.trim()) {
			lines.push(...result.output.trim().split('\n').slice(-20).map((l) => `  | ${l}`));
		}
		lines.push('', 'Fix the playbook (ansible names the file and line above), then start again; nothing was run.');
		throw new CommandExit(exitCodes.usage, lines.join('\n'));
	}
	return skipped;
}
