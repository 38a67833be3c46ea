// `plan [PLAN] [--json]`: a plan as it would run here, and what this machine lacks for it. Runs nothing.
import {shellQuote} from '../ansible/command.js';
import {count, problemCounts} from '../plain/words.js';
import {describePlan, formatProblems, handOverCommand, hasErrors, listBuiltinPlans, loadPlan, preflight, type PlanProblem} from '../plan/index.js';
import type {PlanStep} from '../plan/types.js';
import {exitCodes, type Flags, type Io} from './io.js';
import {mustLoadPlan} from './locate.js';

export function planCommand(planRef: string | undefined, flags: Flags, io: Io): number {
	if (!planRef) {
		const plans = listBuiltinPlans();
		if (flags.json) io.stdout.write(JSON.stringify(plans.map(({name, title}) => ({name, title})), null, 2) + '\n');
		else io.stdout.write(`built-in plans:\n${plans.map((p) => `  ${p.name.padEnd(14)} ${p.title}`).join('\n')}\nShow one with: ansible-driver plan NAME\n`);
		return exitCodes.done;
	}
	const loaded = loadPlan(planRef, {env: io.env, cwd: io.cwd});
	if (!loaded.ok) {
		if (!flags.json) mustLoadPlan(planRef, io); // throws exit 2 with the problems
		io.stdout.write(JSON.stringify({plan: null, problems: problemsJson(loaded.ok ? [] : loaded.problems)}, null, 2) + '\n');
		return exitCodes.usage;
	}
	const {plan, warnings} = loaded;
	const problems = [...warnings, ...preflight(plan, io.env)];
	const bad = hasErrors(problems);
	if (flags.json) {
		io.stdout.write(JSON.stringify({...describePlan(plan), problems: problemsJson(problems)}, null, 2) + '\n');
		return bad ? exitCodes.usage : exitCodes.done;
	}
	const lines = [`${plan.name} (${count(plan.steps.length, 'step')})`, `file: ${plan.path}`, `cwd:  ${plan.cwd}`];
	const planEnv = [...(plan.unsetEnv ?? []).map((name) => `-u ${name}`), ...Object.entries(plan.env).map(([k, v]) => shellQuote([`${k}=${v}`]))];
	if (planEnv.length > 0) lines.push(`env:  ${planEnv.join(' ')}`);
	lines.push('', 'Each step as it runs (paste a line to run that step by hand):');
	plan.steps.forEach((s, i) => lines.push(`${String(i + 1).padStart(3)}. ${s.id}${stepNotes(s)}`, `      ${handOverCommand(s)}`));
	io.stdout.write(lines.join('\n') + '\n');
	// Checked on this machine: a plan that cannot run here is exit 2, whatever it would do elsewhere.
	if (problems.length > 0) io.stderr.write(`${formatProblems(problems)}\n${bad ? `${problemCounts(problems)}: \`run\` refuses to start this plan on this machine until the errors are fixed.` : problemCounts(problems)}\n`);
	return bad ? exitCodes.usage : exitCodes.done;
}

/** What the step line says besides the id: its pause mode, unit and guard. */
function stepNotes(s: PlanStep): string {
	const notes: string[] = [];
	if (s.pause !== 'task') notes.push(`pause: ${s.pause}`);
	if (s.unit?.role === 'main') notes.push(`unit ${s.unit.id}`);
	if (s.unit?.role === 'fallback') notes.push(`unit ${s.unit.id}: its fallback, run only when a step of it fails`);
	if (s.creates !== undefined) notes.push(`skipped when ${s.creates} exists`);
	return notes.length === 0 ? '' : `  [${notes.join('; ')}]`;
}

/** Problems as `plan --json` lists them: where, what, and whether they stop a run. */
function problemsJson(problems: PlanProblem[]) {
	return problems.map((p) => ({file: p.file, line: p.line ?? null, column: p.column ?? null, key: p.key ?? null, message: p.message, severity: p.severity ?? 'error'}));
}
