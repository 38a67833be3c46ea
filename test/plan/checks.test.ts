// `checks: {before, after}` in a plan: where the checks go, their ids, what a check may not say,
// that they are not part of the plan's identity, and the run's rules for them (pure).
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {parsePlan} from '../../source/plan/load.js';
import {newRunState, updateStep} from '../../source/run/machine.js';
import {checkSkip, failedBeforeCheck, runExitCode} from '../../source/run/checks.js';
import {expectPlan, expectProblems, parseText} from './helpers.js';

const withChecks = `name: P
checks:
  before:
    - playbook: healthcheck-hosts.yml
      args: [-e, x=1]
  after:
    - playbook: healthcheck-hosts.yml
    - playbook: healthcheck-openstack.yml
steps:
  - playbook: setup-hosts.yml
  - playbook: setup-openstack.yml
`;

describe('checks in a plan', () => {
	it('run first (before) and last (after), with ids that say when, and no marker', () => {
		const plan = expectPlan(parseText(withChecks.replace('name: P', 'name: P\nmarkers: /m')));
		expect(plan.steps.map((s) => [s.id, s.check ?? null, s.marker ?? null])).toEqual([
			['before-healthcheck-hosts', 'before', null],
			['setup-hosts', null, expect.anything()],
			['setup-openstack', null, expect.anything()],
			['after-healthcheck-hosts', 'after', null],
			['after-healthcheck-openstack', 'after', null],
		]);
		expect(plan.steps[0]!.argv.slice(-3)).toEqual(['healthcheck-hosts.yml', '-e', 'x=1']);
	});

	it('are not part of the plan identity: --no-checks is the same plan, and the checks stay in it, marked', () => {
		const whole = expectPlan(parseText(withChecks));
		const none = expectPlan(parsePlan(withChecks, {file: '/plans/test/plan.yml', env: {}, noChecks: true}));
		const bare = expectPlan(parseText(withChecks.replace(/checks:[\s\S]*?steps:/, 'steps:')));
		expect(none.noChecks).toBe(true);
		expect(none.steps.length).toBe(5);
		expect(whole.hash).toBe(bare.hash);
		expect(none.hash).toBe(whole.hash);
		// A check before is another step than the same playbook checked after.
		expect(whole.steps[0]!.hash).not.toBe(expectPlan(parseText(withChecks.replace('args: [-e, x=1]', ''))).steps.at(-2)!.hash);
	});

	it('a check is a playbook: run:, marker:, creates: and split: are refused with where and why', () => {
		const problems = expectProblems(
			parseText(`name: P
checks:
  before:
    - run: [check.sh]
    - playbook: a.yml
      creates: /x
  after: {playbook: b.yml}
steps:
  - playbook: s.yml
`),
		);
		expect(problems.map((p) => [p.key, p.message])).toEqual([
			['checks.before[0].run', 'a check is a playbook (playbook: with args:, env:, cwd:, name:, id:); it has no run:'],
			['checks.before[1].creates', 'a check is a playbook (playbook: with args:, env:, cwd:, name:, id:); it has no creates:'],
			['checks.after', expect.stringMatching(/^must be a list of playbooks, e\.g\. checks: \{before: .*got a map$/)],
		]);
		expect(problems[0]!.line).toBe(4);
		expect(expectProblems(parseText('name: P\nchecks: {befor: []}\nsteps:\n  - playbook: s.yml\n'))[0]!.message).toContain('did you mean "before"?');
	});

	it('a check before that imports a collection playbook not installed is kept, marked and said; installed, it runs', () => {
		const root = mkdtempSync(join(tmpdir(), 'ad-checks-'));
		const text = 'name: P\nchecks:\n  before:\n    - playbook: site.ops.healthcheck.hosts\nsteps:\n  - playbook: s.yml\n';
		const missing = parsePlan(text, {file: join(root, 'plan.yml'), env: {ANSIBLE_COLLECTIONS_PATH: join(root, 'collections')}});
		const plan = expectPlan(missing);
		expect(plan.steps[0]!.notInstalled).toMatch(/^site\.ops\.healthcheck\.hosts is not in the collections/);
		if (!missing.ok) return;
		expect(missing.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^check before-hosts is skipped when its turn comes: site\.ops\.healthcheck\.hosts is not in the collections .*; it cannot run before the upgrade installs it$/)]);
		const playbooks = join(root, 'collections', 'ansible_collections', 'site', 'ops', 'playbooks', 'healthcheck');
		mkdirSync(playbooks, {recursive: true});
		writeFileSync(join(playbooks, 'hosts.yml'), '- hosts: all\n  tasks: []\n');
		const there = expectPlan(parsePlan(text, {file: join(root, 'plan.yml'), env: {ANSIBLE_COLLECTIONS_PATH: join(root, 'collections')}}));
		expect(there.steps[0]!.notInstalled).toBeUndefined();
		expect(there.hash).toBe(plan.hash);
	});
});

describe('checks in a run', () => {
	const plan = expectPlan(parseText(withChecks));
	const fresh = newRunState(plan);
	const failed = (index: number, attempts = 1) => ({status: 'failed' as const, attempts});

	it('a failed check before, with nothing of the upgrade begun: not started, exit 7', () => {
		const state = {...updateStep(fresh, 0, failed(0)), run: {...fresh.run, status: 'failed' as const}};
		expect(failedBeforeCheck(state)?.id).toBe('before-healthcheck-hosts');
		expect(runExitCode(state, 1)).toBe(7);
		// Once a step of the upgrade has run, a failure is the run's.
		const begun = updateStep(state, 1, {status: 'done', attempts: 1});
		expect(failedBeforeCheck(begun)).toBeNull();
		expect(runExitCode(begun, 1)).toBe(1);
		// A failed check after: the run failed.
		const after = {...updateStep(updateStep(updateStep(fresh, 0, {status: 'done', attempts: 1}), 1, {status: 'done', attempts: 1}), 3, failed(3)), run: {...fresh.run, status: 'failed' as const}};
		expect(runExitCode(after, 1)).toBe(1);
	});

	it('a check before is skipped once the upgrade has begun, and every check with --no-checks', () => {
		expect(checkSkip(fresh, plan, plan.steps[0]!)).toBeNull();
		expect(checkSkip(fresh, plan, plan.steps[1]!)).toBeNull();
		const begun = updateStep(fresh, 1, {status: 'failed', attempts: 1});
		expect(checkSkip(begun, plan, plan.steps[0]!)).toBe('skipped: the upgrade has begun, and this check is for before it');
		expect(checkSkip(begun, plan, plan.steps[3]!)).toBeNull();
		expect(checkSkip(fresh, {noChecks: true}, plan.steps[3]!)).toBe('skipped: the run goes without its checks (--no-checks)');
		expect(checkSkip(fresh, {noChecks: true}, plan.steps[1]!)).toBeNull();
	});
});
