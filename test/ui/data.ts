// Plain ViewerData for component tests: runs, steps and matrices built from values and fixtures.
import stripAnsi from 'strip-ansi';
import type {HostStatus} from '../../source/ansible/events.js';
import {readCellDetail} from '../../source/matrix/detail.js';
import {applyMatrixEvent, newMatrix} from '../../source/matrix/reducer.js';
import type {MatrixModel} from '../../source/matrix/types.js';
import {emptyTotals, type StepStatus} from '../../source/run/types.js';
import type {RunView, StepView, ViewerData} from '../../source/ui/types.js';
import {fixtureBytes, load, reader} from '../matrix/stream.js';

export function step(id: string, status: StepStatus, extra: Partial<StepView> = {}): StepView {
	return {
		id,
		name: id,
		status,
		kind: 'playbook',
		durationMs: status === 'pending' ? null : 61_000,
		attempts: status === 'pending' ? 0 : 1,
		progress: null,
		totals: emptyTotals(),
		reason: null,
		eventsSeen: status === 'pending' ? null : true,
		pausedAtTask: null,
		stalled: null,
		...extra,
	};
}

export function run(steps: StepView[], extra: Partial<RunView> = {}): RunView {
	const current = steps.findIndex((s) => s.status === 'running' || s.status === 'failed' || s.status === 'paused');
	return {
		planName: 'OpenStack-Ansible Mitaka -> Newton',
		status: 'running',
		live: true,
		elapsedMs: 754_000,
		currentStep: current,
		etaMs: 3_600_000,
		waitingFor: null,
		steps,
		source: '',
		replay: false,
		...extra,
	};
}

/** The demo-like plan of 23 steps, the third running. */
export function osaSteps(): StepView[] {
	const ids = [
		'bootstrap-ansible', 'setup-hosts', 'setup-infrastructure', 'galera-rolling-restart', 'rabbitmq-install',
		'memcached-install', 'repo-install', 'haproxy-install', 'utility-install', 'rsyslog-install', 'os-keystone-install',
		'os-glance-install', 'os-cinder-install', 'os-nova-install', 'os-neutron-install', 'os-heat-install', 'os-horizon-install',
		'os-swift-install', 'os-placement-install', 'ceilometer-install', 'tempest-install', 'cleanup-old-facts', 'run-upgrade-final',
	];
	return ids.map((id, i) =>
		step(id, i < 2 ? 'done' : i === 2 ? 'running' : 'pending', i === 2 ? {progress: {done: 12, total: 40}, durationMs: 190_000} : {}),
	);
}

export function failsMatrix(): {matrix: MatrixModel; read: (start: number, end: number) => string} {
	const bytes = fixtureBytes('fails.ndjson');
	return {matrix: load(bytes), read: reader(bytes)};
}

function hex(i: number): string {
	return ((i * 2654435761) >>> 0).toString(16).padStart(8, '0');
}

export const services = [
	'cinder_api', 'cinder_scheduler', 'galera', 'glance', 'heat_api', 'heat_engine', 'horizon', 'keystone', 'memcached',
	'neutron_server', 'neutron_agents', 'nova_api_os_compute', 'nova_api_metadata', 'nova_conductor', 'nova_scheduler',
	'nova_console', 'placement', 'rabbit_mq', 'repo', 'utility', 'rsyslog', 'swift_proxy', 'haproxy', 'tempest',
];

/** An AIO-like inventory of `count` hosts: aio1 and its containers. */
export function aioHosts(count = 40): string[] {
	const names = ['aio1'];
	for (let i = 0; names.length < count; i++) names.push(`aio1_${services[i % services.length]}_container-${hex(i)}`);
	return names;
}

/** Services every infra host of a multi-node cloud runs a container of. */
export const clusterServices = ['galera', 'rabbit_mq', 'memcached', 'keystone', 'glance', 'nova_api_os_compute', 'neutron_server', 'horizon', 'heat_api', 'placement', 'repo', 'utility'];

/**
 * A multi-node OpenStack-Ansible inventory: on each of `infra` hosts one container per service
 * (36 hosts for 3), then `computes` compute hosts; groups as OSA's dynamic inventory names them.
 */
export function osaCluster(infra = 3, computes = 0): {hosts: string[]; groups: Record<string, string[]>} {
	const hosts: string[] = [];
	const groups: Record<string, string[]> = {};
	const shared = new Set(['galera', 'rabbit_mq', 'memcached', 'repo', 'utility']);
	clusterServices.forEach((service, s) => {
		for (let i = 1; i <= infra; i++) {
			const name = `infra${i}_${service}_container-${hex(s * 16 + i)}`;
			hosts.push(name);
			groups[name] = [`${service}_container`, `${service}_all`, `infra${i}_containers`, shared.has(service) ? 'shared-infra_all' : 'os-infra_all', 'all_containers'];
		}
	});
	for (let i = 1; i <= computes; i++) {
		const name = `compute${String(i).padStart(3, '0')}`;
		hosts.push(name);
		groups[name] = ['compute_hosts', 'nova_compute', 'hosts'];
	}
	return {hosts, groups};
}

/** A matrix with `tasks` rows over `hosts`, status chosen per cell, the last row running. */
export function syntheticMatrix(
	hosts: string[],
	tasks: number,
	status: (row: number, col: number) => HostStatus | 'running' | 'none',
	hostGroups?: Record<string, string[]>,
): MatrixModel {
	const m = newMatrix();
	applyMatrixEvent(m, {type: 'play_start', t: 0, play: {id: 'p', name: 'Install the infrastructure'}, hosts, ...(hostGroups ? {hostGroups} : {})}, 0);
	for (let r = 0; r < tasks; r++) {
		applyMatrixEvent(m, {type: 'task_start', t: 0, task: {id: `t${r}`, name: `task number ${r + 1}`, role: 'galera_server'}}, 0);
		hosts.forEach((host, c) => {
			const s = status(r, c);
			if (s === 'none') return;
			applyMatrixEvent(m, {type: 'host_start', t: 0, host, taskId: `t${r}`}, 0);
			if (s !== 'running') applyMatrixEvent(m, {type: 'result', t: 0, host, taskId: `t${r}`, status: s}, 0);
		});
	}
	return m;
}

export function data(runView: RunView, extra: Partial<ViewerData> = {}): ViewerData {
	return {run: runView, matrix: null, detail: null, logLines: null, handOver: null, notice: null, ...extra};
}

export function detailOf(read: (start: number, end: number) => string, m: MatrixModel, row: number, col: number) {
	return readCellDetail(read, m, row, col);
}

/** The frame without colours, as lines. */
export function lines(frame: string | undefined): string[] {
	return stripAnsi(frame ?? '').split('\n');
}

export function expectFits(frame: string | undefined, width: number, height: number): void {
	const all = lines(frame);
	if (all.length > height) throw new Error(`frame has ${all.length} lines, more than ${height}:\n${all.join('\n')}`);
	const wide = all.find((l) => Array.from(l).length > width);
	if (wide !== undefined) throw new Error(`a line is wider than ${width}: ${JSON.stringify(wide)}`);
}
