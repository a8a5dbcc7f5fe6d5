// The citizen's page (/volg#<token>): public, no sign-in. The tracking
// token stays in the fragment (never sent with the page request, never in
// a server's access log); the page asks GET /casedesk/v1/tracking/{token}
// and shows the status in plain words, the deadlines, the explanation of
// the outcome, the messages, a message form (prominent when the officer
// waits on the citizen) and feedback once the case is resolved.
import { useEffect, useState } from 'preact/hooks';
import { html, Frame, PageTitle, Resource, useResource, DataList, TextArea, TextInput, RadioGroup, Button, ErrorSummary, ProblemMessage, Notice, fieldErrors } from '../../ui/index.js';
import { t, formatDate, formatDateTime, formatDeadline } from '../../i18n.js';
import { api } from '../../api.js';
import './texts.js';

const TOKEN_RE = /^[A-Za-z0-9_-]{1,128}$/;

function tokenFromHash() {
  const h = location.hash.replace(/^#/, '');
  return TOKEN_RE.test(h) ? h : '';
}

function StatusStory({ d }) {
  const key = `volg.story.${d.status}`;
  return html`<div class=${`koers-story koers-story--${d.status}`}>
    <p class="utrecht-paragraph koers-story__status"><strong>${t(`volg.status.${d.status}`)}</strong></p>
    <p class="utrecht-paragraph">${t(key)}</p>
  </div>`;
}

function Deadlines({ d }) {
  if (d.status === 'resolved' || d.status === 'closed') return null;
  return html`<section class="koers-section" aria-labelledby="volg-when">
    <h2 class="utrecht-heading-2" id="volg-when">${t('volg.when')}</h2>
    <ul class="utrecht-unordered-list">
      ${!d.firstContactAt && d.firstContactDue ? html`<li>${t('volg.firstContactDue', { date: formatDeadline(d.firstContactDue) })}</li>` : null}
      ${d.firstContactAt ? html`<li>${t('volg.firstContactAt', { date: formatDate(d.firstContactAt) })}</li>` : null}
      ${d.resolutionDue ? html`<li>${t('volg.resolutionDue', { date: formatDeadline(d.resolutionDue) })}</li>` : null}
      ${d.suspension ? html`<li>${t('volg.paused')}</li>` : null}
    </ul>
  </section>`;
}

function MessageForm({ token, asked, onSent }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  async function submit(e) {
    e.preventDefault();
    setProblem(null);
    if (!text.trim()) {
      setError(t('volg.message.empty'));
      return;
    }
    setError('');
    setBusy(true);
    try {
      const r = await api.send('POST', `/casedesk/v1/tracking/${token}/messages`, { text: text.trim() }, { auth: false });
      setText('');
      onSent(r);
    } catch (p) {
      setProblem(p);
      setError(p.fieldError('text'));
    } finally {
      setBusy(false);
    }
  }
  return html`<form class=${`utrecht-form${asked ? ' koers-card koers-card--asked' : ''}`} novalidate onSubmit=${submit}>
    <${ErrorSummary} errors=${error ? [{ id: 'volg-message', text: error }] : []} />
    <${ProblemMessage} problem=${problem && !error ? problem : null} />
    <${TextArea} id="volg-message" label=${asked ? t('volg.message.labelAsked') : t('volg.message.label')} value=${text} onInput=${setText}
      error=${error} required rows="4" maxlength="5000" />
    <${Button} type="submit" busy=${busy}>${t('volg.message.send')}<//>
  </form>`;
}

function FeedbackForm({ token, onSent }) {
  const [satisfaction, setSatisfaction] = useState('');
  const [equal, setEqual] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  async function submit(e) {
    e.preventDefault();
    setProblem(null);
    const errs = {};
    if (!satisfaction) errs['volg-satisfaction'] = t('volg.feedback.pickSatisfaction');
    if (!equal) errs['volg-equal'] = t('volg.feedback.pickEqual');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const r = await api.send('POST', `/casedesk/v1/tracking/${token}/feedback`, {
        satisfaction: Number(satisfaction), equalParty: equal === 'yes', comment: comment.trim() || null,
      }, { auth: false });
      onSent(r);
    } catch (p) {
      setProblem(p);
      setErrors(fieldErrors(p, { satisfaction: 'volg-satisfaction', equalParty: 'volg-equal', comment: 'volg-comment' }));
    } finally {
      setBusy(false);
    }
  }
  const errList = Object.entries(errors).map(([id, text]) => ({ id: id === 'volg-satisfaction' ? 'volg-satisfaction-5' : id === 'volg-equal' ? 'volg-equal-yes' : id, text }));
  return html`<form class="utrecht-form" novalidate onSubmit=${submit}>
    <${ErrorSummary} errors=${errList} />
    <${ProblemMessage} problem=${problem && errList.length === 0 ? problem : null} />
    <${RadioGroup} name="volg-satisfaction" legend=${t('volg.feedback.satisfaction')} value=${satisfaction} onChange=${setSatisfaction}
      error=${errors['volg-satisfaction']}
      options=${[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: t(`volg.feedback.s${n}`) }))} />
    <${RadioGroup} name="volg-equal" legend=${t('volg.feedback.equal')} value=${equal} onChange=${setEqual} error=${errors['volg-equal']}
      options=${[{ value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }]} />
    <${TextArea} id="volg-comment" label=${t('volg.feedback.comment')} value=${comment} onInput=${setComment} error=${errors['volg-comment']} rows="3" maxlength="2000" />
    <${Button} type="submit" busy=${busy}>${t('volg.feedback.send')}<//>
  </form>`;
}

function Tracking({ token }) {
  const res = useResource((signal) => api.get(`/casedesk/v1/tracking/${token}`, null, { auth: false, signal }), [token]);
  const [thanks, setThanks] = useState(null);
  // the receipt of a message outlives the form (a message that resumes the
  // case moves the form from the question to the messages)
  const [sent, setSent] = useState(null);
  const onSent = (r) => { setSent(r); res.reload(); };
  if (res.problem && res.problem.status === 404) {
    return html`<${PageTitle}>${t('volg.title')}<//>
      <${ProblemMessage} problem=${{ detail: t('volg.notFound') }} title=${t('volg.notFoundTitle')} />
      <${TokenForm} />`;
  }
  return html`<${Resource} res=${res}>${(d) => html`
    <${PageTitle} sub=${`${d.category && d.category.name ? `${d.category.name} · ` : ''}${t('volg.filed', { date: formatDate(d.createdAt) })}`}>${t('volg.titleRef', { reference: d.reference })}<//>
    <${StatusStory} d=${d} />
    ${sent ? html`<${Notice}>${sent.resumed ? t('volg.message.resumed') : t('volg.message.sent')}<//>` : null}
    ${d.suspension ? html`<div class="utrecht-alert utrecht-alert--warning koers-card--asked" role="status"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
      <p class="utrecht-paragraph"><strong>${t('volg.asked')}</strong></p>
      <p class="utrecht-paragraph">${d.suspension.reason}</p>
    </div></div></div>` : null}
    ${d.suspension && d.canSendMessage ? html`<${MessageForm} token=${token} asked onSent=${onSent} />` : null}
    ${d.outcome ? html`<section class="koers-section" aria-labelledby="volg-outcome">
      <h2 class="utrecht-heading-2" id="volg-outcome">${t('volg.outcome')}</h2>
      <${DataList} items=${[[t('volg.decision'), t(`volg.result.${d.outcome.result}`)], [t('volg.explanation'), d.outcome.explanation],
        [t('volg.resolvedAt'), formatDate(d.outcome.resolvedAt)]]} />
    </section>` : null}
    ${thanks ? html`<${Notice}>${thanks.reopenRequested ? t('volg.feedback.thanksReopen') : t('volg.feedback.thanks')}<//>` : null}
    ${d.canGiveFeedback && !thanks ? html`<section class="koers-section" aria-labelledby="volg-feedback">
      <h2 class="utrecht-heading-2" id="volg-feedback">${t('volg.feedback.title')}</h2>
      <p class="utrecht-paragraph">${t('volg.feedback.intro')}</p>
      <${FeedbackForm} token=${token} onSent=${(r) => { setThanks(r); res.reload(); }} />
    </section>` : null}
    ${d.feedback && !thanks ? html`<p class="utrecht-paragraph">${t('volg.feedback.given', { date: formatDate(d.feedback.at) })}</p>` : null}
    ${d.reopenRequest ? html`<section class="koers-section" aria-labelledby="volg-reopen">
      <h2 class="utrecht-heading-2" id="volg-reopen">${t('volg.reopen.title')}</h2>
      <p class="utrecht-paragraph">${t(`volg.reopen.${d.reopenRequest.status}`)}</p>
      ${d.reopenRequest.declineReason ? html`<p class="utrecht-paragraph">${t('volg.reopen.reason')}: ${d.reopenRequest.declineReason}</p>` : null}
    </section>` : null}
    <${Deadlines} d=${d} />
    <section class="koers-section" aria-labelledby="volg-messages">
      <h2 class="utrecht-heading-2" id="volg-messages">${t('volg.messages')}</h2>
      ${d.messages.length === 0 ? html`<p class="utrecht-paragraph koers-muted">${t('volg.messages.none')}</p>`
        : html`<ol class="koers-thread">${d.messages.map((m) => html`<li class=${`koers-thread__item koers-thread__item--${m.direction === 'to_citizen' ? 'outbound' : 'inbound'}`}>
          <p class="koers-thread__meta">${m.direction === 'to_citizen' ? t('volg.messages.fromUs') : t('volg.messages.fromYou')} · <time datetime=${m.at}>${formatDateTime(m.at)}</time></p>
          <p class="koers-thread__text">${m.text}</p></li>`)}</ol>`}
      ${!d.suspension && d.canSendMessage ? html`<${MessageForm} token=${token} onSent=${onSent} />` : null}
    </section>
    <section class="koers-section" aria-labelledby="volg-timeline">
      <h2 class="utrecht-heading-2" id="volg-timeline">${t('volg.timeline')}</h2>
      <ol class="koers-timeline">${d.timeline.slice().reverse().map((e) => html`<li class="koers-timeline__item">
        <p class="utrecht-paragraph"><strong>${e.status && e.action === 'status_changed' ? t(`volg.status.${e.status}`) : t(`volg.action.${e.action}`)}</strong></p>
        <p class="utrecht-paragraph koers-muted"><time datetime=${e.at}>${formatDateTime(e.at)}</time></p>
      </li>`)}</ol>
    </section>`}<//>`;
}

function TokenForm() {
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  function submit(e) {
    e.preventDefault();
    const c = code.trim().replace(/^.*#/, '');
    if (!TOKEN_RE.test(c)) {
      setError(t('volg.code.invalid'));
      return;
    }
    setError('');
    location.hash = c;
  }
  return html`<form class="utrecht-form koers-narrow" novalidate onSubmit=${submit}>
    <${ErrorSummary} errors=${error ? [{ id: 'volg-code', text: error }] : []} />
    <${TextInput} id="volg-code" label=${t('volg.code.label')} description=${t('volg.code.help')} value=${code} onInput=${setCode}
      error=${error} required autocomplete="off" autocapitalize="none" spellcheck="false" />
    <${Button} type="submit">${t('volg.code.submit')}<//>
  </form>`;
}

export function CitizenPage() {
  const [token, setToken] = useState(tokenFromHash());
  useEffect(() => {
    document.title = `${t('volg.title')} — Koers`;
    const f = () => setToken(tokenFromHash());
    window.addEventListener('hashchange', f);
    return () => window.removeEventListener('hashchange', f);
  }, []);
  return html`<${Frame} home="/volg" sub=${t('volg.brand')}>
    ${token ? html`<${Tracking} key=${token} token=${token} />`
      : html`<${PageTitle}>${t('volg.title')}<//><p class="utrecht-paragraph">${t('volg.intro')}</p><${TokenForm} />`}
  <//>`;
}
