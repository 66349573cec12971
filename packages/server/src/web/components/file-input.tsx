// A USWDS file input named `file`, with its label and error message, for forms that upload one file
// (multipart; the route streams the body).
export function FileInput({ label, error, accept }: { label: string; error?: string | undefined; accept?: string }) {
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <label class="usa-label" for="file">
        {label}
      </label>
      {error ? (
        <span class="usa-error-message" id="file-error" role="alert">
          {error}
        </span>
      ) : null}
      <input class="usa-file-input" id="file" name="file" type="file" accept={accept} aria-describedby={error ? 'file-error' : undefined} />
    </div>
  );
}
