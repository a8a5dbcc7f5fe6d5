// The workplace's components, one import for screens.
export { html } from './html.js';
export { Frame, PageTitle, LangSwitch } from './frame.js';
export { Table, DataList } from './table.js';
export { Field, TextInput, TextArea, Select, RadioGroup, ErrorSummary, Button, fieldErrors } from './form.js';
export { ProblemMessage, Notice } from './problem.js';
export { Pager, usePagedList } from './pager.js';
export { StatusBadge } from './badge.js';
export { EmptyState } from './empty.js';
export { Loading, Resource, useResource } from './loading.js';
