// An ansible-driver plan (YAML text) from what bash said of a run-upgrade.sh: the backup,
// bootstrap-ansible.sh and the RUN_TASKS items in the script's order, each item with its marker
// text, run where and with the environment the script runs them; an item with `&&`/`||` becomes a
// unit. Pure.
import {Document, isMap, isScalar, isSeq, Scalar, visit, type YAMLMap} from 'yaml';
import {playbookStem} from '../plan/validate-step.js';
import {slugify} from '../plan/slug.js';
import type {Invocation, OsaScript} from './evaluation.js';

export interface OsaPlanOptions {
	/** The run-upgrade.sh the plan is derived from, for the header comment. */
	scriptPath: string;
	/** OpenStack-Ansible's health check playbooks the clone has, by what they check: hosts, infrastructure, openstack. */
	healthchecks?: Partial<Record<HealthCheck, string>>;
}

export type HealthCheck = 'hosts' | 'infrastructure' | 'openstack';

/**
 * The health checks around the upgrade. Before it, the checks of the running deployment (its
 * hosts and containers, its infrastructure services); after it, those and the functional test of
 * the cloud (healthcheck-openstack creates and removes test resources: an image, volumes, a VM).
 */
const CHECKS_BEFORE: readonly HealthCheck[] = ['hosts', 'infrastructure'];
const CHECKS_AFTER: readonly HealthCheck[] = ['hosts', 'infrastructure', 'openstack'];

/** OpenStack-Ansible's health check playbook of a series: a collection playbook from 2024.2 on, else the clone's file. */
export function healthcheckPlaybook(check: HealthCheck, collection: boolean): string {
	return collection ? `openstack.osa.healthcheck.${check}` : `healthcheck-${check}.yml`;
}

/** A series as the operator reads it: upstream's list keeps a comma in "2024.1,". */
export const seriesName = (series: string): string => series.replace(/,+$/, '');

/**
 * The source series as the script will hold it: SOURCE_SERIES from the environment is taken as is
 * (as the script takes it); a series the operator names is the menu entry it names, spelled as
 * the script spells it (so the backup tarball has the name the script would give it).
 */
export function chooseSourceSeries(sources: string[], requested: {value: string; verbatim: boolean}): {ok: true; series: string} | {ok: false; message: string} {
	if (requested.verbatim) return {ok: true, series: requested.value};
	const entry = sources.find((s) => s === requested.value) ?? sources.find((s) => seriesName(s) === seriesName(requested.value));
	if (entry !== undefined) return {ok: true, series: entry};
	return {ok: false, message: `source series ${requested.value} is not one the script upgrades from (${sources.map(seriesName).join(', ')})`};
}

/** A literal for the plan, where `${...}` is expanded and `$$` is a `$`. */
const literal = (text: string): string => text.replaceAll('$', () => '$$');

const GALERA_RESTART = 'galera-cluster-rolling-restart';
/** Items split into the playbooks they import, by default: OpenStack-Ansible's setup_* playbooks. */
const SPLIT = /^setup-(hosts|infrastructure|openstack)$/;

export function osaPlanYaml(script: OsaScript, o: OsaPlanOptions): string {
	const configDir = literal(script.configDir);
	const used = new Set<string>();
	const unique = (base: string): string => {
		let id = base;
		for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
		used.add(id);
		return id;
	};
	// The plan's folder is where the items run; a step run elsewhere (bootstrap-ansible.sh runs
	// before the script's pushd) says where.
	const planCwd = script.items[0]?.cwd ?? '';
	const cwdOf = (cwd: string): Record<string, string> => (cwd !== planCwd ? {cwd: literal(cwd)} : {});
	const steps: Array<Record<string, unknown>> = [];
	if (script.backup !== null) {
		steps.push({id: unique('backup-config'), name: 'back up the configuration (once)', run: script.backup.argv.map(literal), ...cwdOf(script.backup.cwd), creates: literal(script.backup.path)});
	}
	if (script.bootstrap !== null) {
		const marker = script.bootstrap.marker ? {marker: 'bootstrap-ansible', markers_style: 'name'} : {};
		steps.push({id: unique('bootstrap-ansible'), run: script.bootstrap.argv.map(literal), ...cwdOf(script.bootstrap.cwd), pause: 'step', ...marker});
	}
	for (const item of script.items) {
		const marker = literal(item.text);
		if (item.main.length === 1 && item.fallback === undefined) {
			const run = item.main[0]!;
			// setup_infrastructure and setup_openstack import a playbook per service: each its own
			// resume point (--no-split keeps them whole).
			steps.push({...playbookStep(run, unique(stemId(run))), ...cwdOf(item.cwd), marker, ...(SPLIT.test(stemId(run)) ? {split: 'imports'} : {})});
			continue;
		}
		const unit = unique(stemId(item.main[0]!));
		const unitSteps = item.main.map((run, n) => ({...playbookStep(run, unique(`${unit}-${n + 1}`)), ...cwdOf(item.cwd)}));
		const fallback = item.fallback && {fallback: {...playbookStep(item.fallback, unique(`${unit}-fallback`)), ...cwdOf(item.cwd)}};
		steps.push({unit, marker, steps: unitSteps, ...fallback});
	}

	const env = Object.fromEntries(Object.entries(script.env).map(([name, value]) => [name, value === null ? null : literal(value)]));
	const plan: Record<string, unknown> = {
		name: `OpenStack-Ansible upgrade to ${script.target} (from ${seriesName(script.sourceSeries)})`,
		cwd: literal(planCwd),
		command: ['openstack-ansible'],
		...(Object.keys(env).length > 0 ? {env} : {}),
		requires: [{path: configDir, for: 'the OpenStack-Ansible configuration folder of the deployment being upgraded; set OSA_CONFIG_DIR if it is elsewhere'}],
		markers: `${configDir}/upgrade-${literal(script.target)}`,
		markers_style: script.markersStyle,
		...checksOf(o.healthchecks ?? {}),
		steps,
	};
	const doc = new Document(plan);
	style(doc);
	const path = /[\u0000-\u001F\u007F]/.test(o.scriptPath) ? JSON.stringify(o.scriptPath) : o.scriptPath;
	doc.commentBefore = ` Derived from ${path} by ansible-driver, as bash runs it (target ${script.target}, source ${script.sourceSeries}).`;
	return doc.toString({lineWidth: 0, flowCollectionPadding: false});
}

function checksOf(found: Partial<Record<HealthCheck, string>>): {checks?: Record<string, Array<Record<string, unknown>>>} {
	const list = (which: readonly HealthCheck[]) => which.flatMap((check) => (found[check] === undefined ? [] : [{playbook: literal(found[check])}]));
	const before = list(CHECKS_BEFORE);
	const after = list(CHECKS_AFTER);
	if (before.length + after.length === 0) return {};
	return {checks: {...(before.length > 0 ? {before} : {}), ...(after.length > 0 ? {after} : {})}};
}

function stemId(run: Invocation): string {
	return slugify(playbookStem(run.playbook).replaceAll('_', '-'));
}

function playbookStep(run: Invocation, id: string): Record<string, unknown> {
	return {
		id,
		playbook: literal(run.playbook),
		...(run.args.length > 0 ? {args: run.args.map(literal)} : {}),
		...(stemId(run) === GALERA_RESTART ? {pause: 'play'} : {}),
	};
}

const FLOW_KEYS = new Set(['command', 'env', 'run', 'args']);
const QUOTED_KEYS = new Set(['marker', 'creates']);

/** Short lists on one line; markers and `${...}` values double-quoted; a few comments. */
function style(doc: Document): void {
	visit(doc, {
		Pair(_, pair) {
			const key = isScalar(pair.key) ? String(pair.key.value) : '';
			if (FLOW_KEYS.has(key) && (isSeq(pair.value) || isMap(pair.value))) pair.value.flow = true;
			if (QUOTED_KEYS.has(key) && isScalar(pair.value)) pair.value.type = Scalar.QUOTE_DOUBLE;
		},
		Scalar(_, node) {
			if (typeof node.value === 'string' && node.value.includes('$')) node.type = Scalar.QUOTE_DOUBLE;
		},
	});
	const checks = doc.get('checks', true);
	if (isMap(checks)) {
		const pair = doc.contents && isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'checks') : undefined;
		if (pair && isScalar(pair.key)) pair.key.commentBefore = " OpenStack-Ansible's health checks: a failed check before leaves the upgrade not started;\n one after fails the run. --no-checks skips them.";
	}
	const steps = doc.get('steps');
	if (!isSeq(steps)) return;
	for (const step of steps.items) {
		if (!isMap(step)) continue;
		const map = step as YAMLMap;
		if (map.has('unit')) map.commentBefore = ' One run-upgrade.sh item "A && B || C": its steps in order; when one fails, the fallback; one marker.';
		else if (map.get('pause') === 'play') map.commentBefore = " galera's rolling restart is never paused inside a node: only between its serial batches.";
		else if (map.get('split') === 'imports') map.commentBefore = ' One step per playbook it imports (read again when the run reaches it); one marker, after the last.';
	}
	const units = steps.items.filter((step): step is YAMLMap => isMap(step) && step.has('unit'));
	for (const unit of units) {
		const inner = unit.get('steps');
		if (!isSeq(inner)) continue;
		for (const step of inner.items) if (isMap(step) && step.get('pause') === 'play') step.commentBefore = " galera's rolling restart is never paused inside a node.";
	}
}
