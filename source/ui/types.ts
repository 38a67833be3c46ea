// The view types live with the viewer that builds them (viewer/view-types.ts); the UI draws them.
export type * from '../viewer/view-types.js';
