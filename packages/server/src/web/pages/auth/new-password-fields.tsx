// The new password and its confirmation, as the reset and invitation forms ask for them.
import { PASSWORD_MIN } from '../../../domain/validate.ts';
import { TextInput } from '../../components/ui.tsx';

export function NewPasswordFields({ errors }: { errors: Record<string, string> }) {
  return (
    <>
      <TextInput name="password" label="New password" type="password" autocomplete="new-password" hint={`At least ${PASSWORD_MIN} characters. A phrase of several words is easy to remember and hard to guess.`} error={errors.password} required />
      <TextInput name="confirm" label="Confirm new password" type="password" autocomplete="new-password" error={errors.confirm} required />
    </>
  );
}
