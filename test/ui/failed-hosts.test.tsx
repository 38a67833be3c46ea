// A step that failed on some hosts: the failed run's footer offers R (retry on those hosts only),
// R asks the source for exactly that, and H lists the limited command apart, after the commands
// that go on in order, where y copies it.
import {render} from 'ink-testing-library';
import {afterEach, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import type {ResumeOptions} from '../../source/viewer/source.js';
import {FakeSource} from './fake-source.js';
import {data, lines, osaSteps, run} from './data.js';

const mounted: Array<{unmount: () => void}> = [];
afterEach(() => {
	for (const m of mounted.splice(0)) m.unmount();
});

const handOver = ['cd /x && openstack-ansible setup-infrastructure.yml', 'cd /x && openstack-ansible setup-openstack.yml'];
const onHosts = 'cd /x && openstack-ansible setup-infrastructure.yml --limit infra2,infra3';

function failedRun(failedHosts: string[] | null) {
	const steps = osaSteps();
	steps[2] = {...steps[2]!, status: 'failed', progress: null, failedHosts};
	return data(run(steps, {status: 'failed', live: false, etaMs: null}), {handOver, handOverOnHosts: failedHosts ? onHosts : null});
}

function open(source: FakeSource, onCopy?: (text: string) => void) {
	const r = render(<App source={source} startPrompt={null} onExit={() => {}} color={false} {...(onCopy ? {onCopy} : {})} />);
	mounted.push(r);
	return {stdin: r.stdin, frame: () => r.lastFrame() ?? '', footer: () => lines(r.lastFrame()).at(-1) ?? '', keys: () => lines(r.lastFrame()).at(-2) ?? ''};
}

it('the footer offers R, and R asks to retry on the failed hosts only', async () => {
	const source = new FakeSource(failedRun(['infra2', 'infra3']));
	const asked: Array<ResumeOptions | undefined> = [];
	source.answers.resume = (options) => {
		asked.push(options);
		return {ok: true, message: 'retrying setup-infrastructure on the hosts that failed only (infra2, infra3)'};
	};
	const {stdin, footer, keys} = open(source);
	await vi.waitFor(() => expect(keys()).toMatch(/r retry {2}R retry failed hosts/));
	// The words say it too where they have room (the keys above say it where they have not).
	expect(footer()).toMatch(/^failed at step "setup-infrastructure"( — r retries it, R on the 2 hosts that failed only, H: commands to go on by hand)?$/);
	stdin.write('R');
	await vi.waitFor(() => expect(footer()).toContain('retrying setup-infrastructure on the hosts that failed only'));
	expect(asked).toEqual([{failedHosts: true}]);
	stdin.write('r');
	await vi.waitFor(() => expect(asked).toHaveLength(2));
	expect(asked[1]?.failedHosts).toBeUndefined();
});

it('without failed hosts (failed before any host did) there is no R in the footer', async () => {
	const {footer, keys} = open(new FakeSource(failedRun(null)));
	await vi.waitFor(() => expect(footer()).toBe('failed at step "setup-infrastructure" — r retries it, H: commands to go on by hand'));
	expect(keys()).not.toContain('R retry');
});

it('H lists the command on the failed hosts only after the others, and y copies it', async () => {
	const copied: string[] = [];
	const {stdin, frame, footer} = open(new FakeSource(failedRun(['infra2', 'infra3'])), (text) => copied.push(text));
	stdin.write('H');
	await vi.waitFor(() => expect(frame()).toContain('or, instead of 1: on the failed hosts only'));
	expect(frame().indexOf(' 2 of 2 ')).toBeLessThan(frame().indexOf('or, instead of 1'));
	stdin.write('j');
	stdin.write('j');
	await vi.waitFor(() => expect(frame()).toMatch(/▸ or, instead of 1: on the failed hosts only/));
	stdin.write('y');
	await vi.waitFor(() => expect(footer()).toContain('y: the failed-hosts command sent (OSC 52); also in handover-failed-hosts.txt in the run directory'));
	expect(copied).toEqual([onHosts]);
	// No further pick past it.
	stdin.write('j');
	await new Promise((resolve) => setTimeout(resolve, 30));
	expect(frame()).toMatch(/▸ or, instead of 1/);
});
