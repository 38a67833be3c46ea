// The settings in effect, pure: each key from the highest layer that sets it, with its source;
// notify replaced whole by a higher layer, --notify added beside it; stall_after only where a
// step has none of its own.
import {describe, expect, it} from 'vitest';
import {effectiveSettings, notifyHooks, sourceText, type Layer} from '../../source/settings/effective.js';
import type {SettingValues} from '../../source/settings/keys.js';
import {withStallAfter} from '../../source/settings/run-settings.js';
import {durationText} from '../../source/settings/show.js';
import type {NotifySpec, Plan, PlanStep} from '../../source/plan/types.js';

const defaults: SettingValues = {bell: true, color: 'auto', notify: null, stall_after: null, state_root: '/home/op/.local/state/ansible-driver'};
const hook = (word: string): NotifySpec => ({command: [word], on: ['failed', 'done'], timeoutSeconds: 30});

const account: Layer = {source: {layer: 'account', path: '/home/op/.config/ansible-driver/config.json'}, values: {bell: false, color: 'never', notify: hook('mail'), stall_after: 600, state_root: '/srv/runs'}};
const directory: Layer = {source: {layer: 'directory', path: '/srv/plans/ansible-driver.yml'}, values: {stall_after: 1200, color: 'always'}};
const plan: Layer = {source: {layer: 'plan', path: '/srv/plans/upgrade.yml'}, values: {notify: hook('page')}};
const option: Layer = {source: {layer: 'option', option: '--no-bell'}, values: {bell: false}};

describe('the settings in effect', () => {
	it('are the defaults, from "default", when no layer sets anything', () => {
		const effective = effectiveSettings(defaults, []);
		expect(effective.values).toEqual(defaults);
		expect(Object.values(effective.sources).map(sourceText)).toEqual(['default', 'default', 'default', 'default', 'default']);
		expect(notifyHooks(effective)).toEqual([]);
	});

	it('take each key from the highest layer that sets it, account < directory < plan < option, whatever the list order', () => {
		for (const layers of [[account, directory, plan, option], [option, plan, directory, account]]) {
			const {values, sources} = effectiveSettings(defaults, layers);
			expect(values).toEqual({bell: false, color: 'always', notify: hook('page'), stall_after: 1200, state_root: '/srv/runs'});
			expect({bell: sourceText(sources.bell), color: sourceText(sources.color), notify: sourceText(sources.notify), stall_after: sourceText(sources.stall_after), state_root: sourceText(sources.state_root)}).toEqual({
				bell: 'option --no-bell',
				color: 'directory file /srv/plans/ansible-driver.yml',
				notify: 'plan /srv/plans/upgrade.yml',
				stall_after: 'directory file /srv/plans/ansible-driver.yml',
				state_root: 'account file /home/op/.config/ansible-driver/config.json',
			});
		}
	});

	it('put the environment above the files and below the options', () => {
		const environment: Layer = {source: {layer: 'environment', name: 'ANSIBLE_DRIVER_STATE_ROOT'}, values: {state_root: '/var/tmp/runs'}};
		const {values, sources} = effectiveSettings(defaults, [environment, account, directory]);
		expect(values.state_root).toBe('/var/tmp/runs');
		expect(sourceText(sources.state_root)).toBe('environment ANSIBLE_DRIVER_STATE_ROOT');
	});

	it("replace a lower layer's notify hook whole, and --notify adds its hook beside the setting's", () => {
		const effective = effectiveSettings(defaults, [account, plan], [{hook: hook('extra'), source: {layer: 'option', option: '--notify'}}]);
		expect(notifyHooks(effective).map((h) => h.command[0])).toEqual(['page', 'extra']);
		expect(notifyHooks(effectiveSettings(defaults, [account])).map((h) => h.command[0])).toEqual(['mail']);
	});
});

describe('stall_after from the settings', () => {
	const step = (id: string, stallAfter?: number): PlanStep => ({id, name: id, argv: ['ansible-playbook', `${id}.yml`], cwd: '/srv', pause: 'task', env: {}, hash: id, ...(stallAfter === undefined ? {} : {stallAfter})}) as PlanStep;
	const planOf = (steps: PlanStep[]): Plan => ({name: 'p', path: '/srv/p.yml', cwd: '/srv', command: ['ansible-playbook'], env: {}, steps, hash: 'h'});

	it("is the threshold of the steps without their own, and leaves a step's own alone", () => {
		const plan = planOf([step('a'), step('b', 90)]);
		expect(withStallAfter(plan, 1200).steps.map((s) => s.stallAfter)).toEqual([1200, 90]);
		expect(withStallAfter(plan, null)).toBe(plan);
	});

	it('is shown as a plan writes it', () => {
		expect([durationText(1200), durationText(5400), durationText(90), durationText(3600), durationText(0.5)]).toEqual(['20m', '1h30m', '1m30s', '1h', '0.5s']);
	});
});
