// The time zone pages show dates and times in (LAUREL_TIME_ZONE). Pages are rendered synchronously by
// renderToString (render.tsx sendPage), so the zone is set for the length of one render — like a render
// context — and the formatting helpers (components/ui.tsx formatDate, formatDay) read it; outside a
// render (a CSV, a test calling a helper directly) it is UTC.
let current = 'UTC';

export function renderInZone<T>(timeZone: string, render: () => T): T {
  const before = current;
  current = timeZone;
  try {
    return render();
  } finally {
    current = before;
  }
}

export function displayTimeZone(): string {
  return current;
}

// Intl.DateTimeFormat is costly to build (the badge page's costliest line once): one per zone and style.
const formats = new Map<string, Intl.DateTimeFormat>();
export function dateFormat(style: 'dateTime' | 'day' | 'longDay', timeZone = current): Intl.DateTimeFormat {
  const key = `${style} ${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === 'dateTime'
        ? { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }
        : style === 'day'
          ? { year: 'numeric', month: 'short', day: 'numeric' }
          : { year: 'numeric', month: 'long', day: 'numeric' };
    formats.set(key, (f = new Intl.DateTimeFormat('en-US', { ...options, timeZone })));
  }
  return f;
}
