// The new password and its confirmation, as the reset and invitation forms ask for them.
import { PASSWORD_MIN } from '../../../domain/validate.ts';
import type { Translator } from '../../../shared/i18n/translator.ts';
import { TextInput } from '../../components/ui.tsx';

export function NewPasswordFields({ i18n, errors }: { i18n: Translator; errors: Record<string, string> }) {
  return (
    <>
      <TextInput name="password" label={i18n.t('auth.newPassword')} type="password" autocomplete="new-password" hint={i18n.t('auth.newPasswordHint', { min: PASSWORD_MIN })} error={errors.password} required />
      <TextInput name="confirm" label={i18n.t('auth.confirmPassword')} type="password" autocomplete="new-password" error={errors.confirm} required />
    </>
  );
}
