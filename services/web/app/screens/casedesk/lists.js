// Loads every page of a short list (a case's messages, notes, referrals,
// timeline), following the API's cursors; bounded.
import { api } from '../../api.js';

export async function loadAll(path, signal, maxPages = 10) {
  const items = [];
  let i = 0;
  for await (const page of api.pages(path, { limit: 100 }, { signal })) {
    items.push(...(page.items || []));
    if (++i >= maxPages) break;
  }
  return items;
}
