// `plan [PLAN] [--json]`: a plan as it would run here, and what this machine lacks for it. Runs nothing.
import {shellQuote} from '../ansible/command.js';
import {count, problemCounts} from '../text/words.js';
import {readFileSync, writeFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {describePlan, formatProblems, handOverCommand, hasErrors, listBuiltinPlans, preflight, type PlanProblem} from '../plan/index.js';
import type {PlanStep} from '../plan/types.js';
import {comparisonLines} from '../plan/compare.js';
import {checkNote, unitNote} from '../plan/format.js';
import {builtinComparison, openPlan} from '../osa/open.js';
import type {Plan} from '../plan/types.js';
import {CommandExit, exitCodes, programOf, type Flags, type Io} from './io.js';
import {mustLoadPlan, osaChoice} from './locate.js';
import {mustPassSyntaxCheck} from './syntax-preflight.js';

export function planCommand(planRef: string | undefined, flags: Flags, io: Io): number {
	if (!planRef) {
		const plans = listBuiltinPlans();
		if (flags.json) io.stdout.write(JSON.stringify(plans.map(({name, title}) => ({name, title})), null, 2) + '\n');
		else io.stdout.write(`built-in plans:\n${plans.map((p) => `  ${p.name.padEnd(14)} ${p.title}`).join('\n')}\n  ${'osa'.padEnd(14)} derived from an OpenStack-Ansible clone's scripts/run-upgrade.sh (--osa-clone DIR)\nShow one with: ${programOf(io)} plan NAME\n`);
		return exitCodes.done;
	}
	const options = {env: io.env, cwd: io.cwd, osa: osaChoice(flags)};
	const loaded = openPlan(planRef, options);
	if (!loaded.ok) {
		if (!flags.json) mustLoadPlan(planRef, io, options.osa); // throws exit 2 with the problems
		io.stdout.write(JSON.stringify({plan: null, problems: problemsJson(loaded.ok ? [] : loaded.problems)}, null, 2) + '\n');
		return exitCodes.usage;
	}
	const {plan, warnings} = loaded;
	if (flags.write !== undefined) return writePlan(plan, flags.write, io);
	const found = [...warnings, ...preflight(plan, io.env)];
	// ansible's own syntax check, as `run` makes it before YES (read-only; cached by content), once
	// the playbooks are there to check: a playbook `run` would refuse is exit 2 here too.
	const syntax = hasErrors(found) ? {error: null, detail: '', skipped: []} : syntaxOf(plan, io);
	const problems = [...found, ...syntax.skipped, ...(syntax.error ? [syntax.error] : [])];
	const bad = hasErrors(problems);
	const comparison = builtinComparison(plan, options);
	if (flags.json) {
		const derived = plan.osa ? {osa: {script: plan.osa.script, target: plan.osa.target, sources: plan.osa.sources, sourceSeries: plan.osa.sourceSeries, builtin: comparison}} : {};
		io.stdout.write(JSON.stringify({...describePlan(plan), ...derived, problems: problemsJson(problems)}, null, 2) + '\n');
		return bad ? exitCodes.usage : exitCodes.done;
	}
	const lines = [`${plan.name} (${count(plan.steps.length, 'step')})`, `file: ${plan.path}${plan.osa ? ' (the plan is derived from it)' : ''}`, `cwd:  ${plan.cwd}`];
	const planEnv = [...(plan.unsetEnv ?? []).map((name) => `-u ${name}`), ...Object.entries(plan.env).map(([k, v]) => shellQuote([`${k}=${v}`]))];
	if (planEnv.length > 0) lines.push(`env:  ${planEnv.join(' ')}`);
	if (plan.notify) lines.push(`notify: ${shellQuote(plan.notify.command)}  on ${plan.notify.on.join(', ')} (at most ${plan.notify.timeoutSeconds} s each)`);
	lines.push('', 'Each step as it runs (paste a line to run that step by hand):');
	plan.steps.forEach((s, i) => lines.push(`${String(i + 1).padStart(3)}. ${s.id}${stepNotes(s, plan)}`, `      ${handOverCommand(s)}`));
	if (comparison) lines.push('', ...comparisonLines(comparison));
	io.stdout.write(lines.join('\n') + '\n');
	// Checked on this machine: a plan that cannot run here is exit 2, whatever it would do elsewhere.
	if (syntax.detail) io.stderr.write(`ansible-playbook --syntax-check said:\n${syntax.detail}\n`);
	if (problems.length > 0) io.stderr.write(`${formatProblems(problems)}\n${bad ? `${problemCounts(problems)}: \`run\` refuses to start this plan on this machine until the errors are fixed.` : problemCounts(problems)}\n`);
	return bad ? exitCodes.usage : exitCodes.done;
}

/** The syntax check's refusal as a problem (its text names ansible's file and line), and the steps it skipped. */
function syntaxOf(plan: Plan, io: Io): {error: PlanProblem | null; detail: string; skipped: PlanProblem[]} {
	try {
		return {error: null, detail: '', skipped: mustPassSyntaxCheck(plan, io)};
	} catch (error) {
		if (!(error instanceof CommandExit)) throw error;
		// Its first lines say which step and where (one problem line); ansible's own text follows.
		const [head = '', where = '', ...rest] = error.message.split('\n');
		const message = `${head.slice(plan.path.length + 2)}: ${where.trim()}`;
		const detail = rest.filter((l) => l.startsWith('  | ')).join('\n');
		return {error: {file: plan.path, severity: 'error', message}, detail, skipped: []};
	}
}

/** `plan osa --write FILE`: the plan as a plan file, to review, edit and run with `run FILE`. Never overwrites. */
function writePlan(plan: Plan, file: string, io: Io): number {
	const text = plan.osa?.yaml ?? readFileSync(plan.path, 'utf8');
	const path = resolve(io.cwd, file);
	try {
		writeFileSync(path, text, {flag: 'wx'});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new CommandExit(exitCodes.usage, code === 'EEXIST' ? `${path} exists: give a new file name (nothing was written)` : `cannot write ${path}: ${(error as Error).message}`);
	}
	io.stdout.write(`wrote ${path}: ${count(plan.steps.length, 'step')} of "${plan.name}". Review it, then: ${programOf(io)} run ${shellQuote([path])}\n`);
	return exitCodes.done;
}

/** What the step line says besides the id: its pause mode, unit and guard. */
function stepNotes(s: PlanStep, plan: Plan): string {
	const notes: string[] = [];
	if (s.pause !== 'task') notes.push(`pause: ${s.pause}`);
	if (s.unit) notes.push(unitNote(s.unit));
	if (s.check) notes.push(checkNote(s, plan));
	if (s.creates !== undefined) notes.push(`skipped when ${s.creates} exists`);
	return notes.length === 0 ? '' : `  [${notes.join('; ')}]`;
}

/** Problems as `plan --json` lists them: where, what, and whether they stop a run. */
function problemsJson(problems: PlanProblem[]) {
	return problems.map((p) => ({file: p.file, line: p.line ?? null, column: p.column ?? null, key: p.key ?? null, message: p.message, severity: p.severity ?? 'error'}));
}
