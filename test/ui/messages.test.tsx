// The footer's message line in the app: the latest key's answer wins (over an older notice) until
// the run's state moves on; then the footer says the new state instead of the stale answer.
import {describe, expect, it, vi} from 'vitest';
import type {RunView, ViewerData} from '../../source/ui/types.js';
import {FakeSource} from './fake-source.js';
import {mountApp} from './mount-app.js';
import {data, osaSteps, run} from './data.js';

/** Requests answered as the live source answers them. */
function liveSource(first: ViewerData): FakeSource {
	const source = new FakeSource(first);
	source.answers = {
		pause: () => ({ok: true, message: 'pause requested: the running task finishes on every host, nothing new starts'}),
		resume: () => ({ok: true, message: 'supervisor started'}),
	};
	return source;
}

const open = mountApp;

function paused(extra: Partial<RunView> = {}): RunView {
	const steps = osaSteps();
	steps[2] = {...steps[2]!, status: 'paused', progress: null, pausedAtTask: 'Restart galera'};
	return run(steps, {status: 'paused', live: false, etaMs: null, ...extra});
}

describe('footer messages', () => {
	it('"pause requested" goes once the run is pausing; the footer then says what the pause waits for', async () => {
		const source = liveSource(data(run(osaSteps())));
		const {stdin, footer} = open(source);
		await vi.waitFor(() => expect(footer()).toBe(''));
		stdin.write('p');
		await vi.waitFor(() => expect(footer()).toContain('pause requested'));
		source.set(data(run(osaSteps(), {status: 'pausing', waitingFor: 'task "Restart galera" to finish on every host'})));
		await vi.waitFor(() => expect(footer()).toBe('pausing: waiting for task "Restart galera" to finish on every host — a aborts'));
		source.set(data(paused()));
		await vi.waitFor(() => expect(footer()).toBe('paused before task "Restart galera" — r resumes, q leaves (the run stays paused)'));
	});

	it("a refused r shows the source's reason over an older notice, until the state moves on", async () => {
		const notice = 'warning: ansible-core 2.12.10 is outside the range this driver is tested with (2.14 to 2.22)';
		// The supervisor wrote "paused" but has not exited yet: r is refused, and says why.
		const source = liveSource(data(paused({live: true}), {notice}));
		const refusal = 'r: the run is paused but its supervisor (pid 42) has not exited yet; try again in a moment';
		source.answers.resume = () => ({ok: false, message: refusal});
		const {stdin, footer} = open(source);
		await vi.waitFor(() => expect(footer()).toContain('warning: ansible-core 2.12.10'));
		stdin.write('r');
		await vi.waitFor(() => expect(footer()).toMatch(/^r: the run is paused but its supervisor \(pid 42\) has not exited yet/));
		expect(footer()).not.toContain('ansible-core');
		// A new frame of the same state (the clock) keeps it.
		source.set(data(paused({live: true, elapsedMs: 800_000}), {notice}));
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(footer()).toMatch(/^r: the run is paused but its supervisor/);
		// The supervisor exits: the refusal no longer holds, and the old notice does not come back.
		source.set(data(paused(), {notice}));
		await vi.waitFor(() => expect(footer()).toBe('paused before task "Restart galera" — r resumes, q leaves (the run stays paused)'));
	});

	it('a failed run says its way on in the footer words, not in a one-off reminder over later answers', async () => {
		const steps = osaSteps();
		steps[2] = {...steps[2]!, status: 'failed', progress: null};
		const failed = (live: boolean, handOver: string[] | null) => data(run(steps, {status: 'failed', live, etaMs: null}), {handOver});
		const handOver = ['cd /x && openstack-ansible setup-infrastructure.yml'];
		// The supervisor has written "failed" and is exiting: no commands to hand over yet.
		const source = liveSource(failed(true, null));
		source.answers.resume = () => ({ok: false, message: 'r: the run is failed but its supervisor (pid 42) has not exited yet; try again in a moment'});
		const {stdin, footer} = open(source);
		await vi.waitFor(() => expect(footer()).toBe('failed at step "setup-infrastructure" — r retries it'));
		stdin.write('r');
		await vi.waitFor(() => expect(footer()).toMatch(/^r: the run is failed but its supervisor \(pid 42\)/));
		source.set(failed(false, handOver));
		await vi.waitFor(() => expect(footer()).toBe('failed at step "setup-infrastructure" — r retries it, H: commands to go on by hand'));
		source.answers.resume = () => ({ok: false, message: 'the supervisor started from here (pid 7) is still starting or stopping; try again in a moment'});
		stdin.write('r');
		await vi.waitFor(() => expect(footer()).toMatch(/^the supervisor started from here \(pid 7\) is still starting/));
		source.set(failed(false, [...handOver]));
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(footer()).toMatch(/^the supervisor started from here/);
	});

	it("keeps the answer to a key that changed the state at once (a replay's pause)", async () => {
		const playing = data(run(osaSteps(), {replay: true}));
		const source = liveSource(playing);
		source.answers.pause = () => {
			source.set(data(run(osaSteps(), {replay: true, status: 'paused'})));
			return {ok: true, message: 'paused at 00:42'};
		};
		const {stdin, footer} = open(source);
		stdin.write('p');
		await vi.waitFor(() => expect(footer()).toBe('paused at 00:42 · replay paused — r goes on, q leaves'));
	});

	it('a notice that comes after a key is said, and stays when the state moves on', async () => {
		const source = liveSource(data(paused()));
		const {stdin, footer} = open(source);
		stdin.write('r');
		await vi.waitFor(() => expect(footer()).toMatch(/^supervisor started/));
		source.set(data(paused(), {notice: 'the supervisor stopped (exit 2): the plan changed since the run began'}));
		await vi.waitFor(() => expect(footer()).toMatch(/^the supervisor stopped \(exit 2\): the plan changed/));
		source.set(data(paused({live: true}), {notice: 'the supervisor stopped (exit 2): the plan changed since the run began'}));
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(footer()).toMatch(/^the supervisor stopped \(exit 2\)/);
	});
});
