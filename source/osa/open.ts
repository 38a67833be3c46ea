// Opens what a command names as its plan: a plan file, a built-in plan, or an OpenStack-Ansible
// clone's own scripts/run-upgrade.sh (`osa`, or the script's path), from which the plan is derived.
// In the osa room, which builds on plan: plan imports nothing of osa.
import {existsSync, statSync} from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';
import {wrapperCollectionsPath} from '../ansible/wrapper-rc.js';
import {evaluateRunUpgrade} from './evaluate.js';
import type {OsaScript} from './evaluation.js';
import {chooseSourceSeries, healthcheckPlaybook, osaPlanYaml, seriesName, type HealthCheck} from './plan-yaml.js';
import {isCollectionPlaybook} from '../plan/validate-step.js';
import {loadPlan, parsePlan, type LoadOptions} from '../plan/load.js';
import {decodePlan, readPlanBytes} from '../plan/plan-text.js';
import {builtinPlanPath} from '../plan/builtin.js';
import {planDifferences} from '../plan/compare.js';
import type {Plan, PlanProblem, PlanResult} from '../plan/types.js';

export const DEFAULT_OSA_CLONE = '/opt/openstack-ansible';

export interface OsaChoice {
	/** --osa-clone DIR: the clone when the plan is `osa` (default ${OSA_CLONE_DIR:-/opt/openstack-ansible}). */
	clone?: string;
	/** --source-series S (else SOURCE_SERIES), the series the deployment runs now. */
	sourceSeries?: string;
	/** --no-split (or a run started with it): `split: imports` steps run whole. */
	noSplit?: boolean;
	/** --no-checks (or a run started with it): the plan's `checks:` are skipped. */
	noChecks?: boolean;
}

export interface OpenOptions extends LoadOptions {
	osa?: OsaChoice;
}

const isFile = (path: string): boolean => {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
};

/** The run-upgrade.sh a plan reference names (`osa`, or a path ending in run-upgrade.sh), else null. */
export function osaScriptPath(ref: string, opts: OpenOptions): string | null {
	// A plan file named `osa` in the current folder wins, as a file wins over a built-in plan.
	if (ref === 'osa' && !isFile(resolve(opts.cwd, ref))) {
		const clone = opts.osa?.clone ?? (opts.env['OSA_CLONE_DIR'] || DEFAULT_OSA_CLONE);
		return join(resolve(opts.cwd, clone), 'scripts', 'run-upgrade.sh');
	}
	return basename(ref) === 'run-upgrade.sh' ? resolve(opts.cwd, ref) : null;
}

type ScriptRead =
	| {ok: true; script: OsaScript; path: string}
	| {ok: 'choose'; path: string; target: string; sources: string[]}
	| {ok: false; problems: PlanProblem[]};

const requestedSeries = (opts: OpenOptions): {value: string; verbatim: boolean} | undefined => {
	if (opts.osa?.sourceSeries !== undefined && opts.osa.sourceSeries !== '') return {value: opts.osa.sourceSeries, verbatim: false};
	const env = opts.env['SOURCE_SERIES'];
	return env !== undefined && env !== '' ? {value: env, verbatim: true} : undefined;
};

/**
 * What the clone's script runs, as bash evaluates it (nothing of the deployment runs); problems
 * name its lines. 'choose': the script would ask which series the deployment runs.
 */
export function readOsaScript(path: string, opts: OpenOptions): ScriptRead {
	if (!isFile(path)) {
		const message = `no OpenStack-Ansible run-upgrade.sh here: give the clone with --osa-clone DIR (or set OSA_CLONE_DIR; default ${DEFAULT_OSA_CLONE}), checked out at the release you upgrade to`;
		return {ok: false, problems: [{file: path, message}]};
	}
	const read = readPlanBytes(path);
	if (!read.ok) return {ok: false, problems: [read.problem]};
	const decoded = decodePlan(read.bytes, path);
	if (!decoded.ok) return {ok: false, problems: [decoded.problem]};
	const cr = decoded.text.indexOf('\r');
	if (cr !== -1) {
		const line = decoded.text.slice(0, cr).split('\n').length;
		return {ok: false, problems: [{file: path, line, message: 'the script has Windows line ends (\\r), which bash would not run either; convert it with dos2unix'}]};
	}
	const evaluate = (sourceSeries?: string) => evaluateRunUpgrade(path, {env: opts.env, cwd: opts.cwd, ...(sourceSeries === undefined ? {} : {sourceSeries})});
	const requested = requestedSeries(opts);
	let evaluated = evaluate(requested?.verbatim ? requested.value : undefined);
	if (evaluated.ok === 'choose') {
		const {sources, target} = evaluated;
		// One series: the script takes it without asking.
		const choice = requested ?? (sources.length === 1 ? {value: sources[0]!, verbatim: false} : undefined);
		if (choice === undefined) return {ok: 'choose', path, target, sources};
		const series = chooseSourceSeries(sources, choice);
		if (!series.ok) return {ok: false, problems: [{file: path, message: `${series.message}; pass --source-series ${sources.map(seriesName).join(' or ')}`}]};
		evaluated = evaluate(series.series);
	}
	if (evaluated.ok === 'choose') return {ok: false, problems: [{file: path, message: 'the script asks for the source series again after it was given'}]};
	if (!evaluated.ok) return {ok: false, problems: evaluated.problems.map((p) => ({file: path, line: p.line, message: p.message}))};
	return {ok: true, script: evaluated.script, path};
}

/** The source series the operator must choose from (as the script spells them), when the script offers several and none was given. */
export function osaSeriesChoices(ref: string, opts: OpenOptions): {target: string; sources: string[]} | null {
	const path = osaScriptPath(ref, opts);
	if (path === null || requestedSeries(opts) !== undefined) return null;
	const read = readOsaScript(path, opts);
	return read.ok === 'choose' ? {target: read.target, sources: read.sources} : null;
}

/**
 * OpenStack-Ansible's health check playbooks for the clone's series: the collection's when the
 * script runs collection playbooks (2025.1 on), else the clone's own files that are there.
 */
function healthchecksOf(script: OsaScript): Partial<Record<HealthCheck, string>> {
	const first = script.items[0];
	if (first === undefined) return {};
	const collection = isCollectionPlaybook(first.main[0]?.playbook ?? '');
	const found: Partial<Record<HealthCheck, string>> = {};
	for (const check of ['hosts', 'infrastructure', 'openstack'] as const) {
		const playbook = healthcheckPlaybook(check, collection);
		if (collection || existsSync(join(first.cwd, playbook))) found[check] = playbook;
	}
	return found;
}

/** The script line of each derived step, in the order osaPlanYaml writes them. */
function scriptLines(script: OsaScript): number[] {
	return [
		...(script.backup ? [script.backup.line] : []),
		...(script.bootstrap ? [script.bootstrap.line] : []),
		...script.items.flatMap((item) => [...item.main.map(() => item.line), ...(item.fallback ? [item.line] : [])]),
	];
}

/** A plan from a file, a built-in name, or a clone's run-upgrade.sh. */
export function openPlan(ref: string, opts: OpenOptions): PlanResult {
	const path = osaScriptPath(ref, opts);
	// A plan run through openstack-ansible finds its collections where the wrapper's rc points it.
	const split = {wrapperCollectionsPath, ...(opts.osa?.noSplit ? {noSplit: true} : {}), ...(opts.osa?.noChecks ? {noChecks: true} : {})};
	if (path === null) return loadPlan(ref, {...opts, ...split});
	const read = readOsaScript(path, opts);
	if (read.ok === 'choose') {
		const menu = read.sources.map((s, i) => `${i + 1}: ${seriesName(s)}`).join(', ');
		return {ok: false, problems: [{file: path, message: `the script upgrades from ${read.sources.map(seriesName).join(', ')} (${menu}): say which one the deployment runs; pass --source-series ${read.sources.map(seriesName).join(' or ')}`}]};
	}
	if (!read.ok) return read;
	const {script} = read;
	const yaml = osaPlanYaml(script, {scriptPath: path, healthchecks: healthchecksOf(script)});
	const result = parsePlan(yaml, {file: path, env: opts.env, ...split});
	if (!result.ok) return result;
	// Lines of the derived text mean nothing to the operator: each step points at its script line.
	// The parts of a split step share its line in the text: the text's lines, in order, are the
	// derived steps'.
	const lines = scriptLines(script);
	// The checks are the plan's own (the script has none): they keep no line.
	const textLines = [...new Set(result.plan.steps.filter((step) => step.check === undefined).map((step) => step.line))];
	result.plan.steps = result.plan.steps.map((step) => {
		const {line: yamlLine, ...rest} = step;
		if (step.check !== undefined) return rest;
		const line = lines[textLines.indexOf(yamlLine)];
		return line === undefined ? rest : {...rest, line};
	});
	result.warnings = result.warnings.map(({line: _line, column: _column, ...rest}) => rest);
	result.plan.osa = {script: path, target: script.target, sources: script.sources, sourceSeries: script.sourceSeries, yaml};
	return result;
}

/**
 * A derived plan next to the built-in plan of its target series (`osa-<target>`), loaded for the
 * same clone: null when there is none; else the differences (empty: the same runs and markers).
 */
export function builtinComparison(plan: Plan, opts: OpenOptions): {name: string; differences: string[]} | null {
	if (!plan.osa) return null;
	const name = `osa-${plan.osa.target}`;
	if (builtinPlanPath(name, opts.builtinDir) === undefined) return null;
	const clone = dirname(dirname(plan.osa.script));
	const builtin = loadPlan(name, {...opts, env: {...opts.env, OSA_CLONE_DIR: clone}});
	if (!builtin.ok) return {name, differences: [`${name} cannot be loaded for this clone: ${builtin.problems[0]?.message ?? 'unknown problem'}`]};
	return {name, differences: planDifferences(plan, builtin.plan, name)};
}
