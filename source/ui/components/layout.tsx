// The whole screen: header, plan | matrix over detail, footer; overlays take the body.
// Views only: the app owns the state, reads files and turns keys into actions.
import type {ViewerData} from '../types.js';
import type {UiState} from '../ui-state.js';
import {useConfirmInput} from './confirm-start.js';
import {screenLines} from './screen-lines.js';
import {Lines} from './text.js';

export interface ScreenProps {
	data: ViewerData;
	ui: UiState;
	width: number;
	height: number;
	/** The start confirmation's answers (overlay confirm-start). */
	onConfirmStart?: () => void;
	onCancelStart?: () => void;
}

const noop = () => {};

/** The screen through Ink (tests, casts); the live viewer writes the same lines itself (frame-writer.ts). */
export function Screen({data, ui, width, height, onConfirmStart = noop, onCancelStart = noop}: ScreenProps) {
	const confirm = useConfirmInput({isActive: ui.overlay === 'confirm-start', onSubmit: onConfirmStart, onCancel: onCancelStart});
	const frame = screenLines(data, ui, width, height, confirm);
	return <Lines lines={frame.lines} width={frame.width} height={frame.height} />;
}
