// An ansible-driver plan (YAML text) from a parsed run-upgrade.sh: the backup, bootstrap-ansible.sh
// and the RUN_TASKS items in the script's order, each item with its marker text; an item with
// `&&`/`||` becomes a unit. Pure.
import {Document, isMap, isScalar, isSeq, Scalar, visit, type YAMLMap} from 'yaml';
import {playbookStem} from '../plan/validate-step.js';
import {slugify} from '../plan/slug.js';
import type {Invocation, OsaScript} from './script.js';

export interface OsaPlanOptions {
	/** The run-upgrade.sh the plan is derived from, for the header comment. */
	scriptPath: string;
	/** The clone as the operator gave it (absolute). */
	clone: string;
	/** The clone's real scripts folder (${SCRIPTS_PATH}). */
	scriptsDir: string;
	/** The series the deployment runs now: one of script.sources. */
	sourceSeries: string;
}

/** The source series to use: SOURCE_SERIES when listed, else the only one; else why not. */
export function chooseSourceSeries(script: OsaScript, requested: string | undefined): {ok: true; series: string} | {ok: false; message: string} {
	const listed = script.sources.join(', ');
	if (requested !== undefined && requested !== '') {
		return script.sources.includes(requested) ? {ok: true, series: requested} : {ok: false, message: `source series ${requested} is not one the script upgrades from (${listed})`};
	}
	if (script.sources.length === 1) return {ok: true, series: script.sources[0]!};
	return {ok: false, message: `the script upgrades from ${listed}: say which one the deployment runs (SOURCE_SERIES)`};
}

/** A literal for the plan, where `${...}` is expanded and `$$` is a `$`. */
const literal = (text: string): string => text.replaceAll('$', () => '$$');

const GALERA_RESTART = 'galera-cluster-rolling-restart';

export function osaPlanYaml(script: OsaScript, o: OsaPlanOptions): string {
	const configDir = `\${OSA_CONFIG_DIR:-${script.configDirDefault}}`;
	const fill = (template: string): string => template.replaceAll('${SOURCE_SERIES}', () => literal(o.sourceSeries)).replaceAll('${OSA_CONFIG_DIR}', () => configDir);
	const used = new Set<string>();
	const unique = (base: string): string => {
		let id = base;
		for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
		used.add(id);
		return id;
	};
	const steps: Array<Record<string, unknown>> = [];
	if (script.backup !== null) {
		const path = fill(script.backup.path);
		steps.push({id: unique('backup-config'), name: 'back up the configuration (once)', run: script.backup.tar.map(fill), creates: path});
	}
	if (script.bootstrap !== null) {
		const marker = script.bootstrap.marker ? {marker: 'bootstrap-ansible', markers_style: 'name'} : {};
		steps.push({id: unique('bootstrap-ansible'), run: [`${literal(o.scriptsDir.replace(/\/+$/, ''))}/bootstrap-ansible.sh`], pause: 'step', ...marker});
	}
	for (const item of script.items) {
		const marker = literal(item.text);
		if (item.main.length === 1 && item.fallback === undefined) {
			steps.push({...playbookStep(item.main[0]!, unique(stemId(item.main[0]!))), marker});
			continue;
		}
		const unit = unique(stemId(item.main[0]!));
		const unitSteps = item.main.map((run, n) => playbookStep(run, unique(`${unit}-${n + 1}`)));
		const fallback = item.fallback && {fallback: playbookStep(item.fallback, unique(`${unit}-fallback`))};
		steps.push({unit, marker, steps: unitSteps, ...fallback});
	}

	const plan: Record<string, unknown> = {
		name: `OpenStack-Ansible upgrade to ${script.target} (from ${o.sourceSeries})`,
		cwd: `${literal(o.clone.replace(/\/+$/, ''))}/playbooks`,
		command: ['openstack-ansible'],
		...(script.unsetsInventory ? {env: {ANSIBLE_INVENTORY: null}} : {}),
		requires: [{path: configDir, for: 'the OpenStack-Ansible configuration folder of the deployment being upgraded; set OSA_CONFIG_DIR if it is elsewhere'}],
		markers: `${configDir}/upgrade-${literal(script.target)}`,
		markers_style: script.markersStyle,
		steps,
	};
	const doc = new Document(plan);
	style(doc);
	const path = /[\u0000-\u001F\u007F]/.test(o.scriptPath) ? JSON.stringify(o.scriptPath) : o.scriptPath;
	doc.commentBefore = ` Derived from ${path} by ansible-driver (target ${script.target}, source ${o.sourceSeries}).`;
	return doc.toString({lineWidth: 0, flowCollectionPadding: false});
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
	const steps = doc.get('steps');
	if (!isSeq(steps)) return;
	for (const step of steps.items) {
		if (!isMap(step)) continue;
		const map = step as YAMLMap;
		if (map.has('unit')) map.commentBefore = ' One run-upgrade.sh item "A && B || C": its steps in order; when one fails, the fallback; one marker.';
		else if (map.get('pause') === 'play') map.commentBefore = " galera's rolling restart is never paused inside a node: only between its serial batches.";
	}
	const units = steps.items.filter((step): step is YAMLMap => isMap(step) && step.has('unit'));
	for (const unit of units) {
		const inner = unit.get('steps');
		if (!isSeq(inner)) continue;
		for (const step of inner.items) if (isMap(step) && step.get('pause') === 'play') step.commentBefore = " galera's rolling restart is never paused inside a node.";
	}
}
