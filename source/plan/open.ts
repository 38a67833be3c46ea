// Opens what a command names as its plan: a plan file, a built-in plan, or an OpenStack-Ansible
// clone's own scripts/run-upgrade.sh (`osa`, or the script's path), from which the plan is derived.
import {realpathSync, statSync} from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';
import {chooseSourceSeries, osaPlanYaml} from '../osa/plan-yaml.js';
import {parseRunUpgrade, type OsaScript} from '../osa/script.js';
import {loadPlan, parsePlan, type LoadOptions} from './load.js';
import {decodePlan, readPlanBytes} from './plan-text.js';
import {builtinPlanPath} from './builtin.js';
import {planDifferences} from './compare.js';
import type {Plan, PlanProblem, PlanResult} from './types.js';

export const DEFAULT_OSA_CLONE = '/opt/openstack-ansible';

export interface OsaChoice {
	/** --osa-clone DIR: the clone when the plan is `osa` (default ${OSA_CLONE_DIR:-/opt/openstack-ansible}). */
	clone?: string;
	/** --source-series S (else SOURCE_SERIES), the series the deployment runs now. */
	sourceSeries?: string;
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

type ScriptRead = {ok: true; script: OsaScript; path: string; clone: string; scriptsDir: string} | {ok: false; problems: PlanProblem[]};

/** Reads and parses the clone's script; problems name its lines. */
export function readOsaScript(path: string): ScriptRead {
	const clone = dirname(dirname(path));
	if (!isFile(path)) {
		const message = `no OpenStack-Ansible run-upgrade.sh here: give the clone with --osa-clone DIR (or set OSA_CLONE_DIR; default ${DEFAULT_OSA_CLONE}), checked out at the release you upgrade to`;
		return {ok: false, problems: [{file: path, message}]};
	}
	const read = readPlanBytes(path);
	if (!read.ok) return {ok: false, problems: [read.problem]};
	const decoded = decodePlan(read.bytes, path);
	if (!decoded.ok) return {ok: false, problems: [decoded.problem]};
	let scriptsDir: string;
	try {
		// ${SCRIPTS_PATH}, as the script finds itself: `dirname $(readlink -f $0)`.
		scriptsDir = realpathSync(dirname(path));
	} catch (error) {
		return {ok: false, problems: [{file: path, message: `cannot resolve the script's folder: ${(error as Error).message}`}]};
	}
	const parsed = parseRunUpgrade(decoded.text, scriptsDir);
	if (!parsed.ok) return {ok: false, problems: parsed.problems.map((p) => ({file: path, line: p.line, message: p.message}))};
	return {ok: true, script: parsed.script, path, clone, scriptsDir};
}

/** The source series the operator must choose from, when the script offers several and none was given. */
export function osaSeriesChoices(ref: string, opts: OpenOptions): string[] | null {
	const path = osaScriptPath(ref, opts);
	if (path === null || requestedSeries(opts) !== undefined) return null;
	const read = readOsaScript(path);
	return read.ok && read.script.sources.length > 1 ? read.script.sources : null;
}

const requestedSeries = (opts: OpenOptions): string | undefined => opts.osa?.sourceSeries ?? (opts.env['SOURCE_SERIES'] || undefined);

/** The script line of each derived step, in the order osaPlanYaml writes them. */
function scriptLines(script: OsaScript): number[] {
	return [
		...(script.backup ? [script.backup.line] : []),
		...(script.bootstrap ? [script.bootstrap.line] : []),
		...script.items.flatMap((item) => [...item.main.map((run) => run.line), ...(item.fallback ? [item.fallback.line] : [])]),
	];
}

/** A plan from a file, a built-in name, or a clone's run-upgrade.sh. */
export function openPlan(ref: string, opts: OpenOptions): PlanResult {
	const path = osaScriptPath(ref, opts);
	if (path === null) return loadPlan(ref, opts);
	const read = readOsaScript(path);
	if (!read.ok) return read;
	const {script} = read;
	const series = chooseSourceSeries(script, requestedSeries(opts));
	if (!series.ok) return {ok: false, problems: [{file: path, message: `${series.message}; pass --source-series ${script.sources.join(' or ')}`}]};
	const yaml = osaPlanYaml(script, {scriptPath: path, clone: read.clone, scriptsDir: read.scriptsDir, sourceSeries: series.series});
	const result = parsePlan(yaml, {file: path, env: opts.env});
	if (!result.ok) return result;
	// Lines of the derived text mean nothing to the operator: each step points at its script line.
	const lines = scriptLines(script);
	result.plan.steps = result.plan.steps.map((step, i) => {
		const {line: _yamlLine, ...rest} = step;
		return lines[i] === undefined ? rest : {...rest, line: lines[i]};
	});
	result.warnings = result.warnings.map(({line: _line, column: _column, ...rest}) => rest);
	result.plan.osa = {script: path, target: script.target, sources: script.sources, sourceSeries: series.series, yaml};
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
