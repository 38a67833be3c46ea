// The plan's checks in the viewer: their rows say "check:", and a failed check before, with
// nothing of the upgrade begun, is said as the upgrade not started.
import {expect, it, vi} from 'vitest';
import {FakeSource} from './fake-source.js';
import {mountApp} from './mount-app.js';
import {data, osaSteps, run, step} from './data.js';

function open(source: FakeSource) {
	const app = mountApp(source);
	return {frame: app.raw, footer: app.footer};
}

const pending = () => osaSteps().slice(0, 3).map((s) => ({...s, status: 'pending' as const, progress: null, durationMs: null, attempts: 0}));

it('a failed check before the upgrade: its row says check, the footer says the upgrade has not started', async () => {
	const steps = [step('before-hosts', 'failed', {check: 'before', attempts: 1}), ...pending(), step('after-hosts', 'pending', {check: 'after'})];
	const {frame, footer} = open(new FakeSource(data(run(steps, {status: 'failed', live: false, etaMs: null, notStartedBy: 'before-hosts'}))));
	await vi.waitFor(() => expect(footer()).toMatch(/^not started: check "before-hosts" failed — r retries it/));
	expect(frame()).toMatch(/check: before-hosts/);
	expect(frame()).toMatch(/check: after-hosts/);
});

it('a failed check after the upgrade is the run failing there', async () => {
	const steps = [step('before-hosts', 'done', {check: 'before', attempts: 1}), ...osaSteps().map((s) => ({...s, status: 'done' as const, progress: null, attempts: 1})), step('after-hosts', 'failed', {check: 'after', attempts: 1})];
	const {footer} = open(new FakeSource(data(run(steps, {status: 'failed', live: false, etaMs: null}))));
	await vi.waitFor(() => expect(footer()).toMatch(/^failed at step "after-hosts"/));
});
