// Finds the plan and the run directory a command is about.
import {mustPassSyntaxCheck} from './syntax-preflight.js';
import {formatProblems, preflight, hasErrors} from '../plan/index.js';
import {openPlan, osaScriptPath, osaSeriesChoices, type OsaChoice} from '../osa/open.js';
import {seriesName} from '../osa/plan-yaml.js';
import {resolve} from 'node:path';
import {defaultStateDir} from '../run/paths.js';
import {shellQuote} from '../ansible/command.js';
import {askVersion} from '../ansible/version-probe.js';
import {cachedVersionAsker, versionCacheDir} from '../ansible/version-cache.js';
import {findAnsible, type AnsibleFound} from '../plan/ansible-preflight.js';
import type {Plan} from '../plan/types.js';
import {leftoverMessage, liveAttempt} from '../run/leftover.js';
import {hasChanges, reconcilePlan, type PlanChanges} from '../run/machine.js';
import {resplitOnly, resplitWords} from '../run/resplit.js';
import {readState} from '../run/store.js';
import type {RunState} from '../run/types.js';
import {problemCounts} from '../text/words.js';
import {CommandExit, exitCodes, type Flags, type Io} from './io.js';
import {commandFor, mustReadState, runDir} from './find-run.js';

export {commandFor, mustReadState, runDir};
import {checkRunDir, createRunDir} from './run-dir.js';

/** How `osa` and a derived plan's source series are chosen: the flags, else what the run recorded. */
export function osaChoice(flags: Flags, saved?: RunState): OsaChoice {
	const choice: OsaChoice = {};
	if (flags.osaClone !== undefined) choice.clone = flags.osaClone;
	const series = flags.sourceSeries ?? saved?.plan.sourceSeries ?? undefined;
	if (series !== undefined) choice.sourceSeries = series;
	// A run started with --no-split goes on with its steps whole.
	if (flags.split === false || saved?.plan.noSplit) choice.noSplit = true;
	// Likewise --no-checks.
	if (flags.checks === false || saved?.plan.noChecks) choice.noChecks = true;
	return choice;
}

/** Loads and validates a plan; exit 2 with every problem when it is bad. Warnings go to stderr. */
export function mustLoadPlan(ref: string, io: Io, osa: OsaChoice = {}): Plan {
	const result = openPlan(ref, {env: io.env, cwd: io.cwd, osa});
	if (!result.ok) throw new CommandExit(exitCodes.usage, `${formatProblems(result.problems, {source: true})}\nThe plan has ${problemCounts(result.problems)}; nothing was run.`);
	if (result.warnings.length > 0) io.stderr.write(formatProblems(result.warnings) + '\n');
	return result.plan;
}

/** Checks that everything the plan runs is there (exit 2 listing what is missing), and which ansible-core it runs. */
export function mustPassPreflight(plan: Plan, io: Io): AnsibleFound {
	const problems = preflight(plan, io.env);
	if (hasErrors(problems)) {
		throw new CommandExit(exitCodes.usage, `${formatProblems(problems)}\nPreflight found ${problemCounts(problems)}; nothing was run.`);
	}
	const unchecked = mustPassSyntaxCheck(plan, io);
	// Asked only of a plan that can run: an untested ansible-core is a warning, never a refusal.
	const ansible = findAnsible(plan, io.env, cachedVersionAsker(askVersion, versionCacheDir(io.env)));
	const warnings = [...problems, ...unchecked, ...ansible.warnings];
	if (warnings.length > 0) io.stderr.write(formatProblems(warnings) + '\n');
	return ansible;
}



function refusedRunDir(dir: string, reason: string, fix?: string): CommandExit {
	return new CommandExit(exitCodes.usage, `cannot use ${dir} as the run directory: ${reason}${fix === undefined ? '; give another --state-dir' : `.\n${fix}`}`);
}

/** Refuses a run directory that is neither new, empty nor a run's (checked before anything runs). */
export function mustBeRunDir(dir: string): void {
	const check = checkRunDir(dir);
	if (!check.ok) throw refusedRunDir(dir, check.reason, check.fix);
}

/** Creates the run directory (owner only) unless it exists, or says why it cannot. */
export function mustMakeRunDir(dir: string): void {
	const check = checkRunDir(dir);
	if (!check.ok) throw refusedRunDir(dir, check.reason, check.fix);
	if (check.exists) return;
	try {
		createRunDir(dir);
	} catch (error) {
		throw refusedRunDir(dir, (error as Error).message);
	}
	// Made by someone else meanwhile: it must pass the same check.
	mustBeRunDir(dir);
}


/** The plan and run directory of `run [PLAN]` or `resume` (the plan the run was started with), checked against the machine. */
export function planAndRunDir(planRef: string | undefined, flags: Flags, io: Io, mode: 'run' | 'resume'): {plan: Plan; dir: string; ansible: AnsibleFound} {
	let plan: Plan;
	let dir: string;
	if (mode === 'resume') {
		dir = runDir(flags, io, undefined, 'resume');
		const saved = mustReadState(dir, io);
		plan = mustLoadPlan(planRef ?? saved.plan.builtin ?? saved.plan.path, io, osaChoice(flags, saved));
	} else {
		plan = mustLoadPlan(planRef ?? 'demo', io, osaChoice(flags));
		dir = runDir(flags, io, plan);
		mustBeRunDir(dir);
	}
	const ansible = mustPassPreflight(plan, io);
	return {plan, dir, ansible};
}

export function describeChanges(c: PlanChanges): string {
	const parts: string[] = [];
	if (c.changed.length > 0) parts.push(`changed: ${c.changed.join(', ')}`);
	if (c.added.length > 0) parts.push(`added: ${c.added.join(', ')}`);
	if (c.removed.length > 0) parts.push(`removed: ${c.removed.join(', ')}`);
	if (c.moved.length > 0) parts.push(`moved: ${c.moved.join(', ')}`);
	if (c.settings) parts.push('plan settings (name, inventory or cwd)');
	return parts.join('; ');
}

/** Refuses a reconciled state that would lose a step whose process still runs (it would start twice). */
export function refuseLosingLiveStep(saved: RunState, reconciled: RunState, resume: string): void {
	const live = liveAttempt(saved);
	if (!live) return;
	const kept = reconciled.steps.find((s) => s.id === live.id);
	if (kept?.status !== 'running' || kept.attempt?.pid !== live.pid) throw new CommandExit(exitCodes.usage, leftoverMessage(live, 'the changed plan', resume));
}

/**
 * The saved run's steps matched to the plan opened again. Split steps read differently now (the
 * collection they import from was installed since), none of whose parts started, are the plan's
 * own: taken and said. Any other change is refused unless --yes accepts it, as is one that would
 * lose a step whose process still runs.
 */
export function reconcileRun(saved: RunState, plan: Plan, resume: string, flags: Flags, io: Io): RunState {
	const {state, changes} = reconcilePlan(saved, plan);
	refuseLosingLiveStep(saved, state, resume);
	const resplit = hasChanges(changes) ? resplitOnly(saved, plan) : null;
	if (resplit !== null) {
		for (const group of resplit.groups) io.stderr.write(`${resplitWords(group)}\n`);
		return resplit.state;
	}
	refuseUnacceptedChanges(changes, flags, io);
	return state;
}

/** How the supervisor reads the plan again (split steps, as the run reaches them): as it was opened. */
export function planReopener(plan: Plan, flags: Flags, io: Io): () => Plan | {problem: string} {
	const osa: OsaChoice = {...osaChoice(flags), ...(plan.osa ? {sourceSeries: plan.osa.sourceSeries} : {}), ...(plan.noSplit ? {noSplit: true} : {}), ...(plan.noChecks ? {noChecks: true} : {})};
	return () => {
		const result = openPlan(plan.builtin ?? plan.path, {env: io.env, cwd: io.cwd, osa});
		return result.ok ? result.plan : {problem: result.problems[0]?.message ?? 'it is not valid'};
	};
}

/** Refuses a plan that changed since the run began, unless --yes accepts it. */
export function refuseUnacceptedChanges(changes: PlanChanges, flags: Flags, io: Io): void {
	if (!hasChanges(changes)) return;
	if (!flags.yes) {
		throw new CommandExit(
			exitCodes.usage,
			`the plan changed since this run began (${describeChanges(changes)}).\nChanged and added steps would run (again); unchanged steps keep their status. Pass --yes to accept, or restore the plan.`,
		);
	}
	io.stderr.write(`accepted plan changes: ${describeChanges(changes)}\n`);
}

export function allDoneMessage(plan: Plan, dir: string): string {
	return `${plan.steps.length === 1 ? 'the only step' : `all ${plan.steps.length} steps`} of "${plan.name}" are already done; nothing to run.\nTo run steps again: ansible-driver reset [STEP...] --state-dir ${shellQuote([dir])}\n`;
}

/** No step of this run has started yet (a new run is confirmed by typing YES). */
export function isNewRun(dir: string): boolean {
	const read = readState(dir);
	return !read.ok || read.state.steps.every((st) => st.attempts === 0);
}

/**
 * A plan derived from a clone's run-upgrade.sh that upgrades from several series needs the one
 * the deployment runs: --source-series, SOURCE_SERIES, the run's saved choice, else asked here
 * (as the script asks). Null: the operator gave no valid answer (nothing is started). Off a
 * terminal nothing is asked; loading the plan then says to pass --source-series.
 */
export async function withSourceSeries(planRef: string | undefined, flags: Flags, io: Io): Promise<Flags | null> {
	const options = {env: io.env, cwd: io.cwd, osa: osaChoice(flags)};
	const ref = planRef ?? 'demo';
	const choices = osaSeriesChoices(ref, options);
	if (!choices) return flags;
	const script = osaScriptPath(ref, options)!;
	const dir = flags.stateDir === undefined ? defaultStateDir({path: script}, io.env) : resolve(io.cwd, flags.stateDir);
	const saved = readState(dir);
	if (saved.ok && saved.state.plan.path === script && saved.state.plan.sourceSeries) return {...flags, sourceSeries: saved.state.plan.sourceSeries};
	if (!io.stdinIsTTY) return flags;
	// The script's own menu, its entries as it spells them (the series it then holds names the backup).
	const {target, sources} = choices;
	const out = io.prompt ?? io.stdout;
	out.write(`\n    Upgrade to ${target} is supported only from one of the following releases:\n\n${sources.map((s, i) => `      ${i + 1}: ${s}\n`).join('')}\n`);
	const answer = (await io.ask('    Please specify the release to upgrade from [1]: ')).trim();
	const picked = answer === '' ? sources[0] : /^\d+$/.test(answer) ? sources[Number(answer) - 1] : sources.find((s) => s === answer || seriesName(s) === answer);
	if (picked !== undefined) return {...flags, sourceSeries: picked};
	out.write(`"${answer}" is not one of the releases listed (1 to ${sources.length}); nothing was started.\n`);
	return null;
}
