// `checks: {before, after}` against the real ansible-playbook: a failed check before leaves the
// upgrade not started (exit 7, nothing of it ran, `status` and the report say so); a failed check
// after fails the run; --no-checks goes on without them; a check before whose collection playbook
// an upgrade step installs is skipped, and the check after runs it.
import {cpSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, runsFixtures, sandbox, savedState, status, type Sandbox} from '../helpers/cli.js';

const CHECKS = `checks:
  before:
    - playbook: branch.yml
      args: [-e, part=pre]
  after:
    - playbook: branch.yml
      args: [-e, part=post]
`;

function checkedPlan(box: Sandbox): string {
	const plan = box.plan('  - playbook: first.yml\n  - playbook: last.yml\n');
	writeFileSync(plan, readFileSync(plan, 'utf8').replace('steps:\n', `${CHECKS}steps:\n`));
	return plan;
}

const statuses = (box: Sandbox) => savedState(box).steps.map((s) => [s.id, s.status]);

describeAnsible('checks around the upgrade (real ansible-playbook)', () => {
	it('a failed check before: exit 7, the upgrade not started and nothing of it run; mended, resume runs the check again and the rest', async () => {
		const box = sandbox();
		const plan = checkedPlan(box);
		box.env['DRIVER_TEST_FAIL_PARTS'] = 'pre';
		const told = join(box.dir, 'told.txt');
		const r = await box.cli('run', plan, '--plain', '--yes', '--notify', `sh -c 'echo "$ANSIBLE_DRIVER_EVENT $ANSIBLE_DRIVER_MESSAGE" >> ${told}'`);
		expect(r.code, r.stdout + r.stderr).toBe(7);
		// The hosts in the order they failed.
		expect(readFileSync(told, 'utf8')).toMatch(/^failed Test plan: NOT STARTED: the check before-branch before the upgrade failed \((h\d, ){2}h\d\)\n$/);
		expect(r.stdout).toContain('the upgrade has not started: the check before-branch, run before it, failed; nothing of the upgrade ran (nothing to undo) (exit 7)');
		expect(r.stdout).toContain('--no-checks');
		expect(each(box, 'branch.pre')).toEqual([1, 1, 1]);
		expect([each(box, 'first.t1'), each(box, 'last.t1'), each(box, 'branch.post')]).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
		expect(statuses(box)).toEqual([['before-branch', 'failed'], ['first', 'pending'], ['last', 'pending'], ['after-branch', 'pending']]);

		const st = await box.cli('status');
		expect(st.code).toBe(7);
		expect(st.stdout).toContain('Test plan: not started (the check before-branch before the upgrade failed), 0 of 4 steps done');
		expect(st.stdout).toMatch(/next: mend what the check found, then `.* resume --state-dir .*` \(the check runs again before the upgrade\); or start the upgrade without its checks: `.* resume --no-checks --state-dir /);
		const json = (await status(box)) as unknown as {run: {status: string; notStarted: boolean}; steps: Array<{check?: string}>};
		expect(json.run).toMatchObject({status: 'failed', notStarted: true});
		expect(json.steps.map((s) => s.check ?? null)).toEqual(['before', null, null, 'after']);
		expect(readFileSync(join(box.state, 'report.md'), 'utf8')).toContain('Upgrade **not started**: the check before-branch before it failed, and no step of the upgrade ran.');

		box.env['DRIVER_TEST_FAIL_PARTS'] = '';
		const resumed = await box.cli('resume', '--plain');
		expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
		expect([each(box, 'branch.pre'), each(box, 'first.t1'), each(box, 'last.t1'), each(box, 'branch.post')]).toEqual([[2, 2, 2], [1, 1, 1], [1, 1, 1], [1, 1, 1]]);
		// The checks run first and last.
		const started = (id: string) => Date.parse(savedState(box).steps.find((s) => s.id === id)!.startedAt!);
		expect(started('before-branch')).toBeLessThan(started('first'));
		expect(started('last')).toBeLessThan(started('after-branch'));
	}, 120_000);

	it('a failed check after fails the run (exit 1); resume --no-checks ends it without the checks, kept for the run, and says so', async () => {
		const box = sandbox();
		const plan = checkedPlan(box);
		box.env['DRIVER_TEST_FAIL_PARTS'] = 'post';
		const r = await box.cli('run', plan, '--plain', '--yes');
		expect(r.code, r.stdout + r.stderr).toBe(1);
		expect(r.stdout).toContain('run failed (exit 1).');
		expect(statuses(box)).toEqual([['before-branch', 'done'], ['first', 'done'], ['last', 'done'], ['after-branch', 'failed']]);
		expect(readFileSync(join(box.state, 'report.md'), 'utf8')).toMatch(/Run \*\*failed\*\*: 3 of 4 steps done[\s\S]*### 4\. after-branch \(failed\)/);

		// No plan change to accept: the checks are not the upgrade.
		const skipped = await box.cli('resume', '--plain', '--no-checks');
		expect(skipped.code, skipped.stdout + skipped.stderr).toBe(0);
		expect(skipped.stdout).toContain('step after-branch: skipped: the run goes without its checks (--no-checks)');
		expect(each(box, 'branch.post')).toEqual([1, 1, 1]);
		expect(savedState(box).plan.noChecks).toBe(true);
		expect(savedState(box).steps.at(-1)).toMatchObject({id: 'after-branch', status: 'skipped', attempts: 1});
	}, 120_000);

	it('a check before whose collection playbook the upgrade installs is skipped and said; the check after runs it', async () => {
		const box = sandbox();
		const collections = join(box.dir, 'collections');
		const source = join(box.dir, 'ops-collection');
		mkdirSync(join(source, 'playbooks'), {recursive: true});
		cpSync(join(runsFixtures, 'playbooks', 'branch.yml'), join(source, 'playbooks', 'health.yml'));
		const plan = box.plan(`  - id: install
    run: [cp, -r, ${source}, ${join(collections, 'ansible_collections', 'site', 'ops')}]
  - playbook: first.yml
`);
		const checks = `env: {ANSIBLE_FORKS: "5", ANSIBLE_COLLECTIONS_PATH: ${collections}}\nchecks:\n  before:\n    - playbook: site.ops.health\n      args: [-e, part=pre]\n  after:\n    - playbook: site.ops.health\n      args: [-e, part=post]\n`;
		mkdirSync(join(collections, 'ansible_collections', 'site'), {recursive: true});
		writeFileSync(plan, readFileSync(plan, 'utf8').replace(/env: .*\nsteps:\n/, `${checks}steps:\n`));
		const shown = await box.cli('plan', plan);
		expect(shown.code, shown.stdout + shown.stderr).toBe(0);
		expect(shown.stdout).toContain('before-health  [check before, skipped: not installed yet]');
		expect(shown.stderr).toMatch(/check before-health is skipped when its turn comes: site\.ops\.health is not in the collections/);

		const r = await box.cli('run', plan, '--plain', '--yes');
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(r.stdout).toMatch(/step before-health: skipped: site\.ops\.health is not in the collections .*; it cannot run before the upgrade installs it/);
		expect(existsSync(join(box.out, 'branch.pre.h1'))).toBe(false);
		expect(each(box, 'branch.post')).toEqual([1, 1, 1]);
		expect(statuses(box)).toEqual([['before-health', 'skipped'], ['install', 'done'], ['first', 'done'], ['after-health', 'done']]);
	}, 120_000);
});
