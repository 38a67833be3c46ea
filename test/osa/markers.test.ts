// run-upgrade.sh marker names, computed here and by bash running run_lock's own code.
import {createHash} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {echoUnquoted, markerFile, md5MarkerName, nameMarkerName} from '../../source/markers/run-lock.js';
import {sharedDerivedMarkers, stepMarker, withWriters} from '../../source/markers/step.js';
import {stepLines} from '../../source/plain/format.js';
import {parsePlan} from '../../source/plan/load.js';
import {isComplete, isDoneByMarker, markDoneByMarker, newRunState, updateStep} from '../../source/run/machine.js';
import {bashMarkerName} from './helpers.js';

const items = [
	'setup-hosts.yml',
	"setup-hosts.yml --limit '!galera_all'",
	"lxc-containers-create.yml -e 'lxc_container_allow_restarts=false' --limit galera_all",
	'/opt/openstack-ansible/scripts/upgrade-utilities/playbooks/galera-cluster-rolling-restart.yml',
	"-e 'rabbitmq_upgrade=true' setup-infrastructure.yml",
	'/tmp/fix_container_interfaces.yml || true',
	'openstack.osa.setup_openstack -e package_state=latest',
	'a.yml   -e\tx=1 \n --limit  web',
	'-n setup-hosts.yml',
	'-e -E setup-hosts.yml',
];

describe('md5 markers (run-upgrade.sh since 2019)', () => {
	it.each(items)('%j: the name bash gives with `hashed_run_item=($(echo $run_item | md5sum))`', (item) => {
		expect(md5MarkerName(item)).toBe(bashMarkerName('md5', item));
	});

	it('hashes the words joined by single spaces plus the newline echo adds', () => {
		expect(echoUnquoted('a.yml   -e\tx=1 \n')).toBe('a.yml -e x=1\n');
		expect(echoUnquoted('-n a.yml')).toBe('a.yml');
		expect(md5MarkerName('x.yml   ')).toBe(`${createHash('md5').update('x.yml\n').digest('hex')}.complete`);
	});

	it('the file holds the item as written and a newline (echo "$run_item")', () => {
		expect(markerFile('md5', "a.yml  -e 'x=1'")).toEqual({name: md5MarkerName("a.yml  -e 'x=1'"), content: "a.yml  -e 'x=1'\n"});
	});
});

describe('name markers (Newton, Ocata)', () => {
	it.each(items.filter((item) => item.includes('.yml')))('%j: <first *.yml word, basename without .yml>.complete, as run_lock names it', (item) => {
		expect(nameMarkerName(item)).toBe(bashMarkerName('name', item));
	});

	it('a single word without .yml is its own basename; the file is empty', () => {
		expect(nameMarkerName('bootstrap-ansible')).toBe('bootstrap-ansible.complete');
		expect(nameMarkerName('openstack.osa.setup_hosts')).toBe(bashMarkerName('name', 'openstack.osa.setup_hosts'));
		expect(markerFile('name', 'setup-hosts.yml -e x=1')).toEqual({name: 'setup-hosts.complete', content: ''});
	});
});

describe('step markers', () => {
	it('steps sharing a marker all skip on it; only the last of them writes it', () => {
		const a = stepMarker('/m', 'md5', 'item one', true);
		const b = stepMarker('/m', 'md5', 'item two', true);
		const steps = withWriters([{id: 'x', marker: a}, {id: 'y', marker: a}, {id: 'z', marker: b}, {id: 'w'}]);
		expect(steps.map((s) => s.marker?.write)).toEqual([false, true, true, undefined]);
	});

	it('derived name markers that collide are warned about (arguments do not count in a name)', () => {
		const text = 'name: x\nmarkers: m\nsteps:\n  - playbook: setup-hosts.yml\n    args: [--limit, a]\n  - playbook: setup-hosts.yml\n    args: [--limit, b]\n';
		const result = parsePlan(text, {file: '/p/plan.yml', env: {}});
		if (!result.ok) expect.fail('expected a plan');
		expect(sharedDerivedMarkers(result.plan.steps)).toEqual([{path: '/p/m/setup-hosts.complete', ids: ['setup-hosts', 'setup-hosts-2']}]);
		expect(result.warnings).toEqual([expect.objectContaining({key: 'markers', severity: 'warning', line: 6, message: expect.stringMatching(/share the marker \/p\/m\/setup-hosts\.complete/)})]);
	});

	it('derives the md5 item from the playbook (relative to cwd when under it) and the quoted arguments', () => {
		const text = "name: x\ncwd: /clone/playbooks\nmarkers: /m\nmarkers_style: md5\nsteps:\n  - playbook: setup-hosts.yml\n    args: [--limit, '!galera_all']\n  - playbook: ../scripts/u.yml\n  - run: [\"true\"]\n";
		const result = parsePlan(text, {file: '/p/plan.yml', env: {}});
		if (!result.ok) expect.fail('expected a plan');
		expect(result.plan.steps.map((s) => s.marker?.text)).toEqual(["setup-hosts.yml --limit '!galera_all'", '/clone/scripts/u.yml', undefined]);
	});

	it('marker: needs markers:, and markers_style is name or md5', () => {
		const result = parsePlan('name: x\nsteps:\n  - playbook: a.yml\n    marker: a\n    markers_style: sha1\n', {file: '/p/plan.yml', env: {}});
		if (result.ok) expect.fail('expected problems');
		expect(result.problems.map((p) => p.key).sort()).toEqual(['steps[0].marker', 'steps[0].markers_style']);
	});
});

describe('the run state of a step found done by its marker', () => {
	it('is done, with no attempt or result counts, and says "done earlier (marker)"', () => {
		const result = parsePlan('name: x\nmarkers: m\nsteps:\n  - playbook: a.yml\n  - playbook: b.yml\n', {file: '/p/plan.yml', env: {}});
		if (!result.ok) expect.fail('expected a plan');
		let state = newRunState(result.plan);
		state = updateStep(state, 0, {status: 'failed', attempts: 1, reason: 'exited 2', hosts: {ok: 1, changed: 0, failed: 1, unreachable: 0, skipped: 0}});
		state = markDoneByMarker(state, 0, '2026-01-01T00:00:00.000Z');
		state = markDoneByMarker(state, 1, '2026-01-01T00:00:00.000Z');
		expect(isComplete(state)).toBe(true);
		expect(state.steps.map(isDoneByMarker)).toEqual([true, true]);
		expect(state.steps[0]!.hosts.failed).toBe(0);
		expect(stepLines(state)).toEqual(['✓ [1/2] a  done  done earlier (marker)', '✓ [2/2] b  done  done earlier (marker)']);
	});
});
