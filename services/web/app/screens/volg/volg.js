import { html, Frame, PageTitle } from '../../ui/index.js';

export function CitizenPage() {
  return html`<${Frame}><${PageTitle}>Uw melding volgen<//><//>`;
}
