// The layout of Laurel's pages shown inside a learning platform (LTI launches, deep linking, dynamic
// registration): no site navigation (the person is in their course, usually signed out of Laurel), the
// USWDS styles, a main landmark, and /assets/lti.js where the page needs it.
import type { ComponentChildren } from 'preact';

export function LtiFrame({ title, children, script, marker, refresh }: { title: string; children: ComponentChildren; script?: boolean; marker?: 'close'; refresh?: { url: string; seconds: number } | undefined }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Laurel`}</title>
        {refresh ? <meta http-equiv="refresh" content={`${refresh.seconds}; url=${refresh.url}`} /> : null}
        <link rel="stylesheet" href="/assets/uswds/css/uswds.min.css" />
        <link rel="stylesheet" href="/assets/laurel.css" />
        <link rel="icon" href="/assets/laurel-icon.svg" type="image/svg+xml" />
      </head>
      <body data-lti-close={marker === 'close' ? '' : undefined}>
        <header class="padding-x-2 padding-y-1 border-bottom-1px border-base-lighter">
          <span class="laurel-wordmark">Laurel</span> <span class="text-base">· digital badges</span>
        </header>
        <main id="main-content" class="grid-container padding-y-3" tabIndex={-1}>
          {children}
        </main>
        {script ? <script src="/assets/lti.js"></script> : null}
      </body>
    </html>
  );
}
