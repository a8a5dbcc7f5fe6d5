// htm bound to Preact's h: html`<p>${x}</p>`. htm needs void tags closed
// (<input ... />): an unclosed one silently breaks the tree.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
