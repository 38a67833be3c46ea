// resume --failed-hosts against the real ansible-playbook: a step that failed on some hosts runs
// again on those hosts only (files the playbook writes count each host's runs), the steps after
// it on every host; the state, the report and both hand-overs say so; and it is refused, with
// nothing run, where there is no failed host to limit to.
import {chmodSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, runsFixtures, sandbox, savedState, status} from '../helpers/cli.js';

describeAnsible('resume --failed-hosts (real ansible-playbook)', () => {
	it('runs the failed step again on the hosts that failed only, then the rest on all hosts', async () => {
		const box = sandbox();
		writeFileSync(join(box.out, 'broken-hosts'), 'h2\nh3\n');
		const plan = box.plan('  - playbook: first.yml\n  - playbook: some-hosts.yml\n    id: some\n  - playbook: last.yml\n');
		const failed = await box.cli('run', plan);
		expect(failed.code, failed.stdout + failed.stderr).toBe(1);
		expect(each(box, 'some.t2')).toEqual([1, 0, 0]);
		expect(savedState(box).steps[1]).toMatchObject({status: 'failed', failedHosts: ['h2', 'h3']});
		expect((await status(box)).steps[1]).toMatchObject({failedHosts: ['h2', 'h3'], onlyOnHosts: null});
		// Both ways, with the driver and by hand; the limited command kept apart from handover.txt.
		expect(failed.stdout).toMatch(/To retry some on the hosts that failed only \(h2, h3\), then go on: .* resume --state-dir \S+ --failed-hosts\n/);
		const limited = readFileSync(join(box.state, 'handover-failed-hosts.txt'), 'utf8').trim();
		expect(limited).toMatch(/ some-hosts\.yml --limit h2,h3$/);
		expect(failed.stdout).toContain(`Or, instead of the first line, some on the hosts that failed only (h2, h3):\n  ${limited}\n`);
		expect(readFileSync(join(box.state, 'handover.txt'), 'utf8')).not.toContain('--limit');

		rmSync(join(box.out, 'broken-hosts'));
		const resumed = await box.cli('resume', '--failed-hosts');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect(resumed.stdout).toContain('step some runs again on the 2 hosts that failed only (--limit h2,h3): its plays are not run again on the other hosts');
		// h1 finished the step the first time and is not run again; h2 and h3 run it whole once more.
		expect(each(box, 'some.t1')).toEqual([1, 2, 2]);
		expect(each(box, 'some.t2')).toEqual([1, 1, 1]);
		expect(each(box, 'first.t1')).toEqual([1, 1, 1]);
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
		const state = savedState(box);
		expect(state.steps.map((s) => s.status)).toEqual(['done', 'done', 'done']);
		expect(state.steps[1]!.attempt).toMatchObject({n: 2, failedHostsOnly: ['h2', 'h3'], extraArgs: ['--limit', 'h2,h3']});
		expect(state.steps[2]!.attempt!.extraArgs).toEqual([]);
		// The attempt's log header is the command as run: pasted, it runs the same.
		expect(readFileSync(state.steps[1]!.attempt!.logFile, 'utf8')).toMatch(/some-hosts\.yml --limit h2,h3\n/);
		expect((await status(box)).steps[1]).toMatchObject({failedHosts: [], onlyOnHosts: ['h2', 'h3']});
		const report = await box.cli('report');
		expect(report.stdout).toMatch(/\| some \| .* attempt 2 on the hosts that had failed only \(h2, h3\)/);
	});

	it('refused with exit 2 and nothing run when the step failed before any host did', async () => {
		const box = sandbox();
		const wrapper = join(box.dir, 'wrap');
		// A program that fails before ansible starts: no host ran anything.
		writeFileSync(wrapper, '#!/bin/sh\n[ -e "$DRIVER_TEST_OUT/ready" ] || exit 4\nexec ansible-playbook "$@"\n');
		chmodSync(wrapper, 0o755);
		const planFile = join(box.dir, 'plan.yml');
		writeFileSync(planFile, `name: Wrapped\ncwd: ${join(runsFixtures, 'playbooks')}\ninventory: ${join(runsFixtures, 'inventory.ini')}\ncommand: [${wrapper}]\nsteps:\n  - playbook: last.yml\n`);
		const failed = await box.cli('run', planFile);
		expect(failed.code, failed.stdout + failed.stderr).toBe(1);
		expect(failed.stdout).not.toContain('--failed-hosts');
		writeFileSync(join(box.out, 'ready'), '');
		const refused = await box.cli('resume', '--failed-hosts');
		expect(refused.code, refused.stdout + refused.stderr).toBe(2);
		expect(refused.stderr).toMatch(/--failed-hosts: step last failed before any host did \(.*\): there is no host to limit it to\. Nothing was run; `.* resume --state-dir \S+` runs it on all its hosts\./);
		expect(each(box, 'last.t1')).toEqual([0, 0, 0]);
		expect(savedState(box).steps[0]!.attempts).toBe(1);
	});
});
