// The pages a course shows when it opens Laurel (LTI 1.3): the badge picker of a deep-linking launch,
// the page that hands the chosen badge back to the platform, a link naming no badge, and a refused launch
// (a placement's own pages: placement-pages.tsx). Drawn in the LtiFrame layout: they live inside the platform's page.
import type { DeepLinkAnswer } from '../../../domain/lti/deep-linking.ts';
import type { LaunchResult } from '../../../domain/lti/launch.ts';
import { Alert, Button } from '../../components/ui.tsx';
import { LtiFrame } from '../../layouts/lti-frame.tsx';

type DeepLinking = Extract<LaunchResult, { kind: 'deep_linking' }>;
type ResourceLink = Extract<LaunchResult, { kind: 'resource_link' }>;

export function DeepLinkPickerPage({ result }: { result: DeepLinking }) {
  const course = result.launch.context?.title ?? 'this course';
  const title = 'Place a badge in this course';
  return (
    <LtiFrame title={title}>
      <h1>{title}</h1>
      <p class="usa-intro">
        Choose one of {result.organization.name}'s badges to place in {course}. Students who open the link see the badge and what it takes to earn it.
      </p>
      {result.badgeClasses.length === 0 ? (
        <Alert kind="info">{result.organization.name} has no published badges yet. Once a program is approved and listed in Laurel, its badge can be placed here.</Alert>
      ) : (
        <form class="usa-form usa-form--large" method="post" action="/lti/deep-link">
          <input type="hidden" name="continue" value={result.continueToken} />
          <input type="hidden" name="binding" value={result.bindingKey} />
          <fieldset class="usa-fieldset">
            <legend class="usa-legend usa-legend--large">Badges of {result.organization.name}</legend>
            {result.badgeClasses.map((b, i) => (
              <div class="usa-radio" key={b.id}>
                <input class="usa-radio__input usa-radio__input--tile" id={`badge-${i}`} type="radio" name="badge_class_id" value={b.id} required={i === 0} />
                <label class="usa-radio__label" for={`badge-${i}`}>
                  {b.name}
                  <span class="usa-checkbox__label-description">{b.description.slice(0, 300)}</span>
                </label>
              </div>
            ))}
          </fieldset>
          <Button>Place this badge</Button>
        </form>
      )}
    </LtiFrame>
  );
}

/** Posts the signed deep-linking response to the platform: at once with JavaScript, by the button without. */
export function DeepLinkReturnPage({ answer }: { answer: DeepLinkAnswer }) {
  const title = `Placing “${answer.badgeClassName}”`;
  return (
    <LtiFrame title={title} script>
      <h1>{title}</h1>
      <p>Laurel is handing the badge to {answer.platformName}.</p>
      <form method="post" action={answer.returnUrl} data-lti-autopost="">
        <input type="hidden" name="JWT" value={answer.jwt} />
        <Button>Return to {answer.platformName}</Button>
      </form>
    </LtiFrame>
  );
}

/** A resource link that names no badge Laurel knows (a link made by hand, or its badge removed). */
export function NoPlacementPage({ result }: { result: ResourceLink }) {
  return (
    <LtiFrame title="No badge here yet">
      <h1>No badge here yet</h1>
      <p>This link in {result.launch.context?.title ?? 'the course'} does not name a Laurel badge. An instructor places one by adding Laurel from the course's content or assignment tools.</p>
    </LtiFrame>
  );
}

export function LtiRefusedPage({ message, reason }: { message: string; reason: string }) {
  return (
    <LtiFrame title="Laurel did not open this link">
      <h1>Laurel did not open this link</h1>
      <Alert kind="error">{message}</Alert>
      <p class="text-base">
        For your help desk: Error code: <code>lti_launch_refused</code>, reason <code>{reason}</code>
      </p>
    </LtiFrame>
  );
}
