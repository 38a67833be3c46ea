// A viewer source whose snapshot a test sets, as a live run directory would change it, with the
// answers its requests give (every request accepted unless the test says otherwise).
import type {ViewerData} from '../../source/ui/types.js';
import type {RequestResult, ResumeOptions, ViewerSource} from '../../source/viewer/source.js';

const accepted = (): RequestResult => ({ok: true, message: ''});

export class FakeSource implements ViewerSource {
	private listeners = new Set<() => void>();
	current: ViewerData;
	answers: {pause: () => RequestResult; resume: (options?: ResumeOptions) => RequestResult} = {pause: accepted, resume: accepted};
	constructor(first: ViewerData) {
		this.current = first;
	}
	set(next: ViewerData): void {
		this.current = next;
		for (const l of this.listeners) l();
	}
	subscribe(listener: () => void) {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
	snapshot = () => this.current;
	selectStep() {}
	selectCell() {}
	setLogOpen() {}
	pause = () => this.answers.pause();
	resume = (options?: ResumeOptions) => this.answers.resume(options);
	abort = accepted;
	close() {}
}
