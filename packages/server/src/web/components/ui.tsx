// USWDS markup as typed components. Pages compose these; they never hand-write form-group markup, so
// error states, hints and labels are consistent and accessible everywhere.
import type { ComponentChildren } from 'preact';
import { CSRF_FIELD } from '../../kit/csrf.ts';
import { dateFormat } from '../display-zone.ts';
import type { Translator } from '../../shared/i18n/translator.ts';

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

export function Alert({ kind, heading, children, slim }: { kind: 'success' | 'info' | 'warning' | 'error'; heading?: string; children?: ComponentChildren; slim?: boolean }) {
  return (
    <div class={`usa-alert usa-alert--${kind}${slim ? ' usa-alert--slim' : ''} margin-bottom-3`} role={kind === 'error' ? 'alert' : 'status'}>
      <div class="usa-alert__body">
        {heading ? <h2 class="usa-alert__heading">{heading}</h2> : null}
        <div class="usa-alert__text">{children}</div>
      </div>
    </div>
  );
}

/**
 * The summary at the top of a form with errors, linking to each field (USWDS / GOV.UK pattern). Its heading
 * is in the page's language when the page gives its translator (the public and earner forms), else English
 * (the staff forms); the messages are the caller's, already in that language (form-messages.ts).
 */
export function ErrorSummary({ errors, message, i18n }: { errors: Readonly<Record<string, string>>; message?: string | undefined; i18n?: Translator | undefined }) {
  const entries = Object.entries(errors);
  if (entries.length === 0 && !message) return null;
  return (
    <div class="usa-alert usa-alert--error margin-bottom-3" role="alert" aria-labelledby="error-summary-heading" id="error-summary">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading" id="error-summary-heading">
          {entries.length ? (i18n ? i18n.t('forms.errorSummary.heading') : 'There is a problem') : message}
        </h2>
        {/* The message, unless it only repeats the field messages listed below it. */}
        {entries.length && message && !entries.some(([, m]) => message.includes(m)) ? <p class="usa-alert__text">{message}</p> : null}
        {entries.length ? (
          <ul class="usa-list usa-list--unstyled">
            {entries.map(([field, msg]) => (
              <li key={field}>
                <a href={`#${field}`}>{msg}</a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
}

function FieldWrap({ name: rawName, label, hint, error, children }: FieldProps & { children: ComponentChildren }) {
  const name = fieldId(rawName);
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <label class={`usa-label${error ? ' usa-label--error' : ''}`} for={name}>
        {label}
      </label>
      {hint ? (
        <div class="usa-hint" id={`${name}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span class="usa-error-message" id={`${name}-error`} role="alert">
          {error}
        </span>
      ) : null}
      {children}
    </div>
  );
}

/** An element id from a form field name: `courses[0][title]` → `courses-0-title`, as error links expect. */
export function fieldId(name: string): string {
  return name.replace(/\]\[|\[|\]/g, '-').replace(/-+$/, '');
}

function describedBy(p: FieldProps): string | undefined {
  const id = fieldId(p.name);
  const ids = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextInput(p: FieldProps & { value?: string | null | undefined; type?: string; autocomplete?: string; inputMode?: string; maxLength?: number }) {
  return (
    <FieldWrap {...p}>
      <input
        class={`usa-input${p.error ? ' usa-input--error' : ''}`}
        id={fieldId(p.name)}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        autocomplete={p.autocomplete}
        inputMode={p.inputMode as never}
        maxLength={p.maxLength}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p)}
      />
    </FieldWrap>
  );
}

/**
 * A text area. `countMax` adds a character count (GOV.UK's pattern): the server renders the count, and
 * laurel.js updates it as the user types and announces it, throttled, in a live region. It does not
 * block typing past the limit; saving says what is too long.
 */
export function TextArea(p: FieldProps & { value?: string | null | undefined; maxLength?: number; rows?: number; countMax?: number }) {
  const id = fieldId(p.name);
  const length = (p.value ?? '').length;
  const describe = [describedBy(p), p.countMax ? `${id}-count` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <FieldWrap {...p}>
      <textarea
        class={`usa-textarea${p.error ? ' usa-input--error' : ''}`}
        id={id}
        name={p.name}
        rows={p.rows ?? 4}
        maxLength={p.maxLength}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describe}
        data-count-max={p.countMax}
      >
        {p.value ?? ''}
      </textarea>
      {p.countMax ? (
        <div class={`usa-hint laurel-char-count${length > p.countMax ? ' laurel-char-count--over' : ''}`} id={`${id}-count`}>
          {charCountText(length, p.countMax)}
        </div>
      ) : null}
    </FieldWrap>
  );
}

/** The character count's words; laurel.js says the same as the user types. */
export function charCountText(length: number, max: number): string {
  const left = max - length;
  const n = (k: number) => `${k.toLocaleString('en-US')} character${k === 1 ? '' : 's'}`;
  return left >= 0 ? `You have ${n(left)} remaining (limit ${max.toLocaleString('en-US')})` : `You have ${n(-left)} too many (limit ${max.toLocaleString('en-US')})`;
}

export function Select(p: FieldProps & { value?: string | null | undefined; options: readonly (readonly [string, string])[]; emptyLabel?: string }) {
  return (
    <FieldWrap {...p}>
      <select class={`usa-select${p.error ? ' usa-input--error' : ''}`} id={fieldId(p.name)} name={p.name} required={p.required} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(p)}>
        {p.emptyLabel !== undefined ? <option value="">{p.emptyLabel}</option> : null}
        {p.options.map(([value, label]) => (
          <option key={value} value={value} selected={value === p.value}>
            {label}
          </option>
        ))}
      </select>
    </FieldWrap>
  );
}

export function Checkboxes(p: { name: string; legend: string; hint?: string; error?: string | undefined; options: readonly { value: string; label: string; description?: string }[]; checked: readonly string[] }) {
  return (
    <fieldset class={`usa-fieldset usa-form-group${p.error ? ' usa-form-group--error' : ''}`} id={p.name}>
      <legend class="usa-legend">{p.legend}</legend>
      {p.hint ? <div class="usa-hint">{p.hint}</div> : null}
      {p.error ? (
        <span class="usa-error-message" role="alert">
          {p.error}
        </span>
      ) : null}
      {p.options.map((o) => (
        <div class="usa-checkbox" key={o.value}>
          <input class="usa-checkbox__input usa-checkbox__input--tile" id={`${p.name}-${o.value}`} type="checkbox" name={p.name} value={o.value} checked={p.checked.includes(o.value)} />
          <label class="usa-checkbox__label" for={`${p.name}-${o.value}`}>
            {o.label}
            {o.description ? <span class="usa-checkbox__label-description">{o.description}</span> : null}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export function Button({ children, variant, type, name, value }: { children: ComponentChildren; variant?: 'secondary' | 'outline' | 'unstyled'; type?: 'submit' | 'button'; name?: string; value?: string }) {
  return (
    <button class={`usa-button${variant ? ` usa-button--${variant}` : ''}`} type={type ?? 'submit'} name={name} value={value}>
      {children}
    </button>
  );
}

/** A one-button form for a state-changing action (sign out, revoke…), CSRF-protected. */
export function ActionForm({ action, csrf, label, variant }: { action: string; csrf: string; label: string; variant?: 'secondary' | 'outline' | 'unstyled' }) {
  return (
    <form method="post" action={action} class="display-inline">
      <Csrf token={csrf} />
      <Button variant={variant}>{label}</Button>
    </form>
  );
}

/** The confirmation step of a destructive or far-reaching action: the action's button and Cancel back. Hidden fields go in `children`. */
export function ConfirmForm({ csrf, action, label, cancel, variant, children }: { csrf: string; action: string; label: string; cancel: string; variant?: 'secondary' | 'outline'; children?: ComponentChildren }) {
  return (
    <form method="post" action={action}>
      <Csrf token={csrf} />
      {children}
      <ul class="usa-button-group">
        <li class="usa-button-group__item">
          <Button variant={variant}>{label}</Button>
        </li>
        <li class="usa-button-group__item">
          <a class="usa-button usa-button--outline" href={cancel}>
            Cancel
          </a>
        </li>
      </ul>
    </form>
  );
}

/** "Turn off or remove" on a registration's page (a platform, an identity provider): the status toggle and the way to the removal's confirmation. */
export function StatusAndRemove({ csrf, base, active }: { csrf: string; base: string; active: boolean }) {
  return (
    <section aria-labelledby="manage-heading" class="margin-top-4">
      <h2 id="manage-heading">Turn off or remove</h2>
      <form method="post" action={`${base}/status`} class="display-inline-block margin-right-2">
        <Csrf token={csrf} />
        <input type="hidden" name="status" value={active ? 'disabled' : 'active'} />
        <Button variant="outline">{active ? 'Turn off' : 'Turn on'}</Button>
      </form>
      <a class="usa-button usa-button--secondary" href={`${base}/delete`}>
        Remove…
      </a>
    </section>
  );
}

export function Pagination({ page, perPage, total, href }: { page: number; perPage: number; total: number; href: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  return (
    <nav aria-label="Pagination" class="usa-pagination">
      <ul class="usa-pagination__list">
        {page > 1 ? (
          <li class="usa-pagination__item usa-pagination__arrow">
            <a href={href(page - 1)} class="usa-pagination__link usa-pagination__previous-page" aria-label="Previous page">
              <span class="usa-pagination__link-text">Previous</span>
            </a>
          </li>
        ) : null}
        {shown.map((p, i) => [
          i > 0 && p - shown[i - 1]! > 1 ? (
            <li class="usa-pagination__item usa-pagination__overflow" aria-label="ellipsis indicating non-visible pages" key={`gap-${p}`}>
              <span>…</span>
            </li>
          ) : null,
          <li class="usa-pagination__item usa-pagination__page-no" key={p}>
            <a href={href(p)} class={`usa-pagination__button${p === page ? ' usa-current' : ''}`} aria-label={`Page ${p}`} aria-current={p === page ? 'page' : undefined}>
              {p}
            </a>
          </li>,
        ])}
        {page < pages ? (
          <li class="usa-pagination__item usa-pagination__arrow">
            <a href={href(page + 1)} class="usa-pagination__link usa-pagination__next-page" aria-label="Next page">
              <span class="usa-pagination__link-text">Next</span>
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** A date and time in the installation's time zone (LAUREL_TIME_ZONE), with the zone shown: "Dec 3, 2026, 9:12 AM CST". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dateFormat('dateTime').format(new Date(iso));
}

/** A day in the installation's time zone, no time: "Dec 3, 2026" (`long`: "December 3, 2026"). */
export function formatDay(iso: string | null | undefined, style: 'short' | 'long' = 'short'): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat(style === 'long' ? 'longDay' : 'day').format(d);
}
