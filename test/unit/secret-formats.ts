// True and false samples for the provider rules, built from each provider's documented token format
// (prefix, length, alphabet) by a generator that knows only the format, never the rule's regex.
// Prefixes are literals of the format; values are random, so no literal live-looking token is stored.
import { generator, type Sample } from './secret-samples.js';

const g = generator(2024);
const AZ09 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const az09 = 'abcdefghijklmnopqrstuvwxyz0123456789';
const b64 = (text: string): string => Buffer.from(text).toString('base64');
const urlEncoded = (value: string): string => value.replace(/\+/g, '%2B').replace(/\//g, '%2F');

/** The first letter in the other case: a prefix the provider never issues. */
function otherCase(prefix: string): string {
  const i = prefix.search(/[A-Za-z]/);
  const c = prefix.charAt(i);
  return prefix.slice(0, i) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + prefix.slice(i + 1);
}

/** Every fourth character of a body replaced by one outside any token alphabet. */
const wrongAlphabet = (body: string): string => body.replace(/(...)./g, '$1!');

/** A token with a fixed prefix, seen bare: found in a string and in YAML; look-alikes from the same format. */
function prefixed(rule: string, prefix: string, body: string, wrongPrefix = otherCase(prefix)): Sample {
  return {
    rule,
    found: [`"${prefix}${body}"`, `value: ${prefix}${body}`],
    clean: [
      `${prefix}${'x'.repeat(body.length)}`,
      `${prefix}your-token-here`,
      `${prefix}${body.slice(0, Math.min(Math.floor(body.length / 2), 16))}`,
      `${prefix}${wrongAlphabet(body)}`,
      `${wrongPrefix}${body}`,
    ],
  };
}

/** A value that the provider's name makes a secret: found as an environment line and in JSON. */
function named(rule: string, name: string, value: string): Sample {
  return {
    rule,
    found: [`${name}=${value}`, `  "${name.toLowerCase()}": "${value}",`],
    clean: [
      `${name}=${'x'.repeat(value.length)}`,
      `${name}=your-token-here`,
      `${name}=${value.slice(0, 10)}`,
      `${name}=${wrongAlphabet(value)}`,
      `build_id=${value}`,
    ],
  };
}

/** A sample with more look-alikes. */
const withClean = (sample: Sample, ...clean: string[]): Sample => ({ ...sample, clean: [...sample.clean, ...clean] });

const custom = (rule: string, found: string[], clean: string[]): Sample => ({ rule, found, clean });

function azureSas(): Sample {
  const sig = urlEncoded(g.b64(43));
  const query = 'sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&spr=https';
  return custom(
    'azure-sas-token',
    [`https://acct.blob.core.windows.net/c/b.txt?${query}&sig=${sig}%3D`, `https://acct.queue.core.windows.net/q?sig=${sig}%3D&se=2030-01-01&sv=2021-08-06`],
    [`https://acct.blob.core.windows.net/c?${query}&sig=${'x'.repeat(43)}%3D`, `https://acct.blob.core.windows.net/c?${query}&sig=${sig.slice(0, 20)}%3D`, `https://example.com/callback?sig=${sig}%3D`],
  );
}

export const PROVIDER_SAMPLES: Sample[] = [
  // Cloud
  named('aws-session-token', 'AWS_SESSION_TOKEN', g.b64(300)),
  prefixed('aws-mws-key', 'amzn.mws.', g.uuid()),
  // ABSK and the base64 of the credential's "<user>-at-<account>:<secret>": a console key's user, and a user of one's own.
  withClean(
    prefixed('aws-bedrock-api-key', 'ABSK', b64(`BedrockAPIKey-${g.alnum(4)}-at-${g.digits(12)}:${g.b64(60)}`)),
    `ABSK${b64(`BedrockAPIKey-${g.alnum(4)}:${g.b64(60)}`)}`,
  ),
  custom('aws-bedrock-api-key', [`AWS_BEARER_TOKEN_BEDROCK=ABSK${b64(`alice-at-${g.digits(12)}:${g.b64(60)}`)}`], [`ABSK${g.b64(120)}`]),
  prefixed('aws-bedrock-short-term-key', 'bedrock-api-key-', b64(`bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA${g.upper(16)}%2F20261201%2Fus-east-1%2Fbedrock%2Faws4_request&X-Amz-Date=20261201T000000Z&X-Amz-Expires=43200&X-Amz-SignedHeaders=host&X-Amz-Signature=${g.hex(64)}&Version=1`)),
  prefixed('google-oauth-access-token', 'ya29.', g.url64(120)),
  prefixed('google-oauth-refresh-token', '1//0', g.url64(100), '2//0'),
  custom('firebase-cloud-messaging-key', [`"AAAA${g.url64(7)}:APA91b${g.url64(134)}"`], [`AAAA${g.url64(7)}:APA91b${'x'.repeat(134)}`, `AAAA${g.url64(7)}:APA91b${g.url64(60)}`, `AAAA${g.url64(7)}:APB91b${g.url64(134)}`]),
  named('azure-storage-account-key', 'AZURE_STORAGE_KEY', `${g.b64(86)}==`),
  azureSas(),
  named('azure-cosmosdb-key', 'COSMOS_DB_KEY', `${g.b64(86)}==`),
  named('azure-container-registry-password', 'ACR_PASSWORD', `${g.b64(42)}+ACRB${g.alnum(5)}`),
  named('azure-devops-pat', 'AZURE_DEVOPS_PAT', g.chars('abcdefghijklmnopqrstuvwxyz234567', 52)),
  custom(
    'azure-function-key',
    [`https://myapp.azurewebsites.net/api/HttpTrigger?code=${g.url64(54)}==`, `headers: { 'x-functions-key': '${g.b64(54)}==' }`],
    [`https://myapp.azurewebsites.net/api/HttpTrigger?code=${'x'.repeat(54)}==`, `https://myapp.azurewebsites.net/api/HttpTrigger?code=${g.url64(20)}`, `https://example.com/api/run?code=${g.url64(54)}==`],
  ),
  // 0.A or 1.A, a first segment, an "Ag" segment of hundreds of characters (the shape issued refresh tokens have).
  custom(
    'azure-entra-refresh-token',
    [`"refresh_token": "0.A${g.url64(80)}.Ag${g.url64(400)}"`, `REFRESH=1.A${g.url64(60)}.1.Ag${g.url64(300)}.A${g.url64(220)}`],
    [`0.A${g.url64(80)}.Ag${g.url64(100)}`, `0.A${'x'.repeat(80)}.Ag${'y'.repeat(400)}`, `version 1.A of the spec`],
  ),
  named('azure-search-admin-key', 'AZURE_SEARCH_ADMIN_KEY', `${g.alnum(42)}AzSeB${g.alnum(5)}`),
  custom(
    'azure-apim-subscription-key',
    [`"Ocp-Apim-Subscription-Key": "${g.hex(32)}"`, `curl -H 'Ocp-Apim-Subscription-Key: ${g.hex(32)}' https://api.contoso.net`],
    [`"Ocp-Apim-Subscription-Key": "${'x'.repeat(32)}"`, `"Ocp-Apim-Subscription-Key": "${g.hex(16)}"`, `"Ocp-Apim-Trace": "${g.hex(32)}"`],
  ),
  named('azure-openai-key', 'AZURE_OPENAI_API_KEY', g.hex(32)),
  custom(
    'azure-app-configuration-secret',
    [`Endpoint=https://cfg.azconfig.io;Id=${g.alnum(4)}-l0-s0:${g.url64(20)};Secret=${g.b64(43)}=`],
    [`Endpoint=https://cfg.azconfig.io;Id=abcd;Secret=${'x'.repeat(43)}=`, `Endpoint=https://cfg.azconfig.io;Id=abcd;Secret=${g.b64(20)}=`, `Endpoint=https://cfg.example.io;Id=abcd;Secret=${g.b64(43)}=`],
  ),
  custom(
    'azure-access-key-connection-string',
    [`Endpoint=https://chat.service.signalr.net;AccessKey=${g.b64(43)}=;Version=1.0;`],
    [`Endpoint=https://chat.service.signalr.net;AccessKey=${'x'.repeat(43)}=;Version=1.0;`, `Endpoint=https://chat.service.signalr.net;AccessKey=${g.b64(20)}=;`, `Endpoint=https://chat.service.signalr.net;AccessToken=${g.b64(43)}=;`],
  ),
  prefixed('alibaba-access-key-id', 'LTAI', g.alnum(20)),
  named('alibaba-secret-key', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', g.alnum(30)),
  prefixed('tencent-secret-id', 'AKID', g.alnum(32)),
  named('ibm-cloud-api-key', 'IBMCLOUD_API_KEY', g.url64(44)),
  prefixed('yandex-api-key', 'AQVN', g.url64(36)),
  prefixed('digitalocean-pat', 'dop_v1_', g.hex(64)),
  prefixed('digitalocean-oauth-token', 'doo_v1_', g.hex(64)),
  prefixed('digitalocean-refresh-token', 'dor_v1_', g.hex(64)),
  named('linode-token', 'LINODE_TOKEN', g.hex(64)),
  named('vultr-api-key', 'VULTR_API_KEY', g.chars(AZ09, 36)),
  named('hetzner-cloud-token', 'HCLOUD_TOKEN', g.alnum(64)),
  named('scaleway-secret-key', 'SCW_SECRET_KEY', g.uuid()),
  named('vercel-token', 'VERCEL_TOKEN', g.alnum(24)),
  named('netlify-token', 'NETLIFY_AUTH_TOKEN', g.url64(43)),
  named('cloudflare-api-token', 'CLOUDFLARE_API_TOKEN', g.url64(40)),
  named('cloudflare-global-api-key', 'CLOUDFLARE_API_KEY', g.hex(37)),
  prefixed('cloudflare-origin-ca-key', 'v1.0-', `${g.hex(24)}-${g.hex(146)}`),
  named('fastly-api-token', 'FASTLY_API_TOKEN', g.url64(32)),
  prefixed('flyio-token', 'fm2_', g.b64(200)),
  custom('flyio-token', [`Authorization: FlyV1 fm2_${g.b64(180)},fm2_${g.b64(120)}`, `FLY_API_TOKEN=fm1r_${g.b64(150)}`], [`fm2_${g.b64(40)}`]),
  prefixed('flyio-legacy-token', 'fo1_', g.url64(43)),
  withClean(prefixed('render-api-key', 'rnd_', g.alnum(32)), 'const fn = rnd_generateNumberFromSeedValuesFast;'),
  named('railway-token', 'RAILWAY_TOKEN', g.uuid()),
  prefixed('supabase-pat', 'sbp_', g.hex(40)),
  prefixed('supabase-pat', 'sbp_v0_', g.hex(40)),
  prefixed('supabase-pat', 'sbp_oauth_', g.hex(40)),
  prefixed('supabase-secret-key', 'sb_secret_', g.url64(31)),
  prefixed('planetscale-token', 'pscale_tkn_', g.url64(43)),
  prefixed('planetscale-password', 'pscale_pw_', g.url64(43)),
  prefixed('planetscale-oauth-token', 'pscale_oauth_', g.url64(43)),
  named('mongodb-atlas-api-key', 'MONGODB_ATLAS_PRIVATE_KEY', g.uuid()),
  prefixed('databricks-token', 'dapi', g.hex(32)),
  prefixed('doppler-personal-token', 'dp.pt.', g.alnum(43)),
  prefixed('doppler-service-token', 'dp.st.', g.alnum(43)),
  prefixed('doppler-cli-token', 'dp.ct.', g.alnum(43)),
  prefixed('doppler-service-account-token', 'dp.sa.', g.alnum(43)),
  prefixed('vault-service-token', 'hvs.', g.url64(95)),
  prefixed('vault-batch-token', 'hvb.', g.url64(138)),
  prefixed('vault-recovery-token', 'hvr.', g.url64(24)),
  custom('terraform-cloud-token', [`token = "${g.alnum(14)}.atlasv1.${g.url64(67)}"`], [`${g.alnum(14)}.atlasv1.${'x'.repeat(67)}`, `${g.alnum(14)}.atlasv1.${g.url64(20)}`, `${g.alnum(14)}.atlasv2.${g.url64(67)}`]),
  prefixed('pulumi-token', 'pul-', g.hex(40)),
  prefixed('dynatrace-token', 'dt0c01.', `${g.chars(AZ09, 24)}.${g.chars(AZ09, 64)}`),
  named('okta-api-token', 'OKTA_API_TOKEN', `00${g.url64(40)}`),
  named('auth0-client-secret', 'AUTH0_CLIENT_SECRET', g.url64(64)),
  prefixed('onepassword-service-account-token', 'ops_eyJ', g.b64(300)),
  custom(
    'onepassword-secret-key',
    [`A3-${g.chars(AZ09, 6)}-${g.chars(AZ09, 6)}-${g.chars(AZ09, 5)}-${g.chars(AZ09, 5)}-${g.chars(AZ09, 5)}-${g.chars(AZ09, 5)}`],
    ['A3-XXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX', `A3-${g.chars(AZ09, 6)}-${g.chars(AZ09, 6)}-${g.chars(AZ09, 5)}`, `A2-${g.chars(AZ09, 6)}-${g.chars(AZ09, 6)}-${g.chars(AZ09, 5)}-${g.chars(AZ09, 5)}-${g.chars(AZ09, 5)}-${g.chars(AZ09, 5)}`],
  ),
  // Source hosting, CI and registries
  named('github-oauth-client-secret', 'GITHUB_CLIENT_SECRET', g.hex(40)),
  prefixed('gitlab-agent-token', 'glagent-', g.url64(50)),
  prefixed('gitlab-feature-flag-token', 'glffct-', g.url64(20)),
  custom('gitlab-session-cookie', [`Cookie: _gitlab_session=${g.chars(az09, 32)}`], [`Cookie: _gitlab_session=${'x'.repeat(32)}`, `Cookie: _gitlab_session=${g.chars(az09, 16)}`, `Cookie: _github_session=${g.chars(az09, 32)}`]),
  prefixed('bitbucket-app-password', 'ATBB', g.alnum(32)),
  prefixed('atlassian-api-token', 'ATATT3', g.url64(186)),
  named('atlassian-legacy-token', 'JIRA_API_TOKEN', g.alnum(24)),
  prefixed('rubygems-api-key', 'rubygems_', g.hex(48)),
  prefixed('nuget-api-key', 'oy2', g.chars(az09, 43)),
  custom('npm-legacy-token', [`//registry.npmjs.org/:_authToken=${g.uuid()}`], ['//registry.npmjs.org/:_authToken=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}', `//registry.npmjs.org/:_authToken=${g.hex(8)}-${g.hex(4)}`]),
  custom(
    'npmrc-auth',
    [`_auth = ${b64(`deploy:${g.mixed(16)}`)}`, `//npm.pkg.example.com/:_auth=${b64(`ci:${g.mixed(20)}`)}`],
    [`_auth = ${b64(`no-colon-${g.mixed(16)}`)}`, `_auth = ${b64('ci:abc')}`, '_auth = xxxxxxxxxxxxxxxxxxxx'],
  ),
  prefixed('crates-io-token', 'cio', g.alnum(32)),
  prefixed('clojars-token', 'CLOJARS_', g.chars(az09, 60)),
  prefixed('jfrog-api-key', 'AKCp', g.alnum(69)),
  prefixed('jfrog-reference-token', 'cmVmdGtuOjAxOj', g.alnum(50)),
  prefixed('sonarqube-token', 'sqp_', g.hex(40)),
  prefixed('sourcegraph-token', 'sgp_', `${g.hex(16)}_${g.hex(40)}`),
  prefixed('buildkite-token', 'bkua_', g.hex(40)),
  prefixed('circleci-token', 'CCIPAT_', `${g.alnum(22)}_${g.hex(40)}`),
  named('travis-ci-token', 'TRAVIS_API_TOKEN', g.url64(22)),
  named('codecov-token', 'CODECOV_TOKEN', g.uuid()),
  named('snyk-token', 'SNYK_TOKEN', g.uuid()),
  prefixed('harness-pat', 'pat.', `${g.url64(22)}.${g.hex(24)}.${g.alnum(20)}`),
  prefixed('harness-pat', 'sat.', `${g.url64(22)}.${g.hex(24)}.${g.alnum(20)}`),
  prefixed('octopus-deploy-api-key', 'API-', g.chars(AZ09, 26)),
  prefixed('prefect-api-key', 'pnu_', g.alnum(36)),
  prefixed('readme-api-key', 'rdme_', g.chars(az09, 70)),
  prefixed('infracost-api-key', 'ico-', g.alnum(32)),
  prefixed('scalingo-token', 'tk-us-', g.url64(48)),
  named('launchdarkly-key', 'LAUNCHDARKLY_SDK_KEY', `sdk-${g.uuid()}`),
  custom('sidekiq-credentials', [`BUNDLE_ENTERPRISE__CONTRIBSYS__COM=${g.hex(8)}:${g.hex(8)}`], ['BUNDLE_ENTERPRISE__CONTRIBSYS__COM=xxxxxxxx:xxxxxxxx', `BUNDLE_ENTERPRISE__CONTRIBSYS__COM=${g.hex(4)}:${g.hex(4)}`, `BUNDLE_RUBYGEMS__PKG__GITHUB__COM=${g.hex(8)}:${g.hex(8)}`]),
  named('gitter-token', 'GITTER_TOKEN', g.chars(az09, 40)),
  prefixed('postman-api-key', 'PMAK-', `${g.hex(24)}-${g.hex(34)}`),
  prefixed('posthog-personal-key', 'phx_', g.alnum(43)),
  // AI services
  prefixed('groq-api-key', 'gsk_', g.alnum(52)),
  prefixed('perplexity-api-key', 'pplx-', g.alnum(48)),
  prefixed('replicate-api-token', 'r8_', g.alnum(37)),
  prefixed('xai-api-key', 'xai-', g.alnum(80)),
  prefixed('openrouter-api-key', 'sk-or-v1-', g.hex(64)),
  prefixed('langsmith-api-key', 'lsv2_pt_', `${g.hex(32)}_${g.hex(10)}`),
  prefixed('pinecone-api-key', 'pcsk_', `${g.alnum(6)}_${g.alnum(64)}`),
  named('cohere-api-key', 'COHERE_API_KEY', g.alnum(40)),
  named('mistral-api-key', 'MISTRAL_API_KEY', g.alnum(32)),
  named('deepseek-api-key', 'DEEPSEEK_API_KEY', `sk-${g.hex(32)}`),
  named('wandb-api-key', 'WANDB_API_KEY', g.hex(40)),
  named('elevenlabs-api-key', 'ELEVENLABS_API_KEY', `sk_${g.hex(48)}`),
  named('assemblyai-api-key', 'ASSEMBLYAI_API_KEY', g.hex(32)),
  // Email, messaging and social
  custom('mailchimp-api-key', [`MAILCHIMP_KEY=${g.hex(32)}-us21`, `"${g.hex(32)}-us6"`], [`${'0'.repeat(32)}-us21`, `${g.hex(16)}-us21`, `${g.hex(32)}-eu21`]),
  named('mailgun-private-key', 'MAILGUN_API_KEY', `${g.hex(32)}-${g.hex(8)}-${g.hex(8)}`),
  named('postmark-server-token', 'POSTMARK_SERVER_TOKEN', g.uuid()),
  named('mandrill-api-key', 'MANDRILL_API_KEY', g.url64(22)),
  named('mailjet-api-key', 'MAILJET_SECRET_KEY', g.hex(32)),
  prefixed('brevo-api-key', 'xkeysib-', `${g.hex(64)}-${g.alnum(16)}`),
  named('sparkpost-api-key', 'SPARKPOST_API_KEY', g.hex(40)),
  named('discord-bot-token', 'DISCORD_BOT_TOKEN', `M${g.alnum(23)}.${g.url64(6)}.${g.url64(38)}`),
  custom(
    'discord-webhook',
    [`https://discord.com/api/webhooks/${g.digits(18)}/${g.url64(68)}`],
    [`https://discord.com/api/webhooks/${g.digits(18)}/${'x'.repeat(68)}`, `https://discord.com/api/webhooks/${g.digits(18)}/${g.url64(20)}`, `https://example.com/api/webhooks/${g.digits(18)}/${g.url64(68)}`],
  ),
  custom(
    'telegram-bot-token',
    [`TELEGRAM_BOT_TOKEN=${g.digits(10)}:AA${g.url64(33)}`, `"${g.digits(9)}:AA${g.url64(33)}"`],
    [`${g.digits(10)}:AA${'x'.repeat(33)}`, `${g.digits(10)}:AB${g.url64(33)}`, `${g.digits(10)}:AA${g.url64(12)}`],
  ),
  custom(
    'microsoft-teams-webhook',
    [`https://contoso.webhook.office.com/webhookb2/${g.uuid()}@${g.uuid()}/IncomingWebhook/${g.hex(32)}/${g.uuid()}`],
    [
      `https://contoso.webhook.office.com/webhookb2/${g.uuid()}@${g.uuid()}/IncomingWebhook/${'x'.repeat(32)}/${g.uuid()}`,
      `https://contoso.webhook.office.com/webhookb2/${g.uuid()}@${g.uuid()}/IncomingWebhook/${g.hex(16)}/${g.uuid()}`,
      `https://contoso.webhook.office.com/webhookb3/${g.uuid()}@${g.uuid()}/IncomingWebhook/${g.hex(32)}/${g.uuid()}`,
    ],
  ),
  named('zoom-secret', 'ZOOM_CLIENT_SECRET', g.alnum(32)),
  named('twitch-token', 'TWITCH_CLIENT_SECRET', g.chars(az09, 30)),
  custom(
    'twitter-bearer-token',
    [`TWITTER_BEARER_TOKEN=${'A'.repeat(22)}${g.alnum(15)}%3D${g.alnum(50)}`],
    [`${'A'.repeat(22)}${'x'.repeat(80)}`, `${'A'.repeat(22)}${g.alnum(20)}`, `${'B'.repeat(22)}${g.alnum(80)}`, `data:font/woff2;base64,${g.b64(30)}/${'A'.repeat(22)}${g.alnum(80)}`],
  ),
  named('twitter-api-secret', 'TWITTER_API_SECRET', g.alnum(50)),
  custom('facebook-access-token', [`FB_TOKEN="EAA${g.alnum(150)}"`, `FB_TOKEN=EAA${g.alnum(150)}`], [`EAA${'x'.repeat(150)}`, `EAA${g.alnum(50)}`, `data:font/woff2;base64,${g.b64(20)}/EAA${g.alnum(150)}`]),
  named('facebook-app-secret', 'FACEBOOK_APP_SECRET', g.hex(32)),
  named('linkedin-client-secret', 'LINKEDIN_CLIENT_SECRET', g.alnum(16)),
  // Payments and commerce
  custom(
    'braintree-access-token',
    [`BT_TOKEN=access_token$production$${g.chars(az09, 16)}$${g.hex(32)}`],
    [`access_token$production$${'x'.repeat(16)}$${'0'.repeat(32)}`, `access_token$production$${g.chars(az09, 16)}$${g.hex(16)}`, `access_token$staging$${g.chars(az09, 16)}$${g.hex(32)}`],
  ),
  named('paypal-client-secret', 'PAYPAL_CLIENT_SECRET', g.url64(80)),
  named('adyen-api-key', 'ADYEN_API_KEY', `AQE${g.url64(100)}`),
  prefixed('plaid-access-token', 'access-sandbox-', g.uuid()),
  named('plaid-secret', 'PLAID_SECRET', g.hex(30)),
  prefixed('shippo-token', 'shippo_live_', g.hex(40)),
  prefixed('easypost-api-key', 'EZAK', g.alnum(54)),
  prefixed('duffel-token', 'duffel_test_', g.url64(43)),
  prefixed('flutterwave-secret-key', 'FLWSECK_TEST-', `${g.hex(32)}-X`),
  named('razorpay-secret', 'RAZORPAY_KEY_SECRET', g.alnum(24)),
  named('gocardless-token', 'GOCARDLESS_ACCESS_TOKEN', `live_${g.url64(40)}`),
  // Productivity and CRM
  prefixed('hubspot-private-app-token', 'pat-na1-', g.uuid()),
  named('hubspot-api-key', 'HUBSPOT_API_KEY', g.uuid()),
  named('intercom-token', 'INTERCOM_ACCESS_TOKEN', g.url64(60)),
  named('zendesk-token', 'ZENDESK_API_TOKEN', g.alnum(40)),
  prefixed('linear-api-key', 'lin_api_', g.alnum(40)),
  prefixed('linear-oauth-token', 'lin_oauth_', g.hex(64)),
  prefixed('notion-token', 'ntn_', `${g.digits(11)}${g.alnum(35)}`),
  named('notion-legacy-token', 'NOTION_TOKEN', `secret_${g.alnum(43)}`),
  named('asana-token', 'ASANA_TOKEN', `1/${g.digits(16)}:${g.hex(32)}`),
  prefixed('airtable-token', 'pat', `${g.alnum(14)}.${g.hex(64)}`),
  named('airtable-legacy-key', 'AIRTABLE_API_KEY', `key${g.alnum(14)}`),
  prefixed('figma-token', 'figd_', g.url64(40)),
  prefixed('clickup-token', 'pk_', `${g.digits(8)}_${g.chars(AZ09, 32)}`),
  named('trello-token', 'TRELLO_TOKEN', g.hex(64)),
  prefixed('typeform-token', 'tfp_', g.url64(59)),
  prefixed('contentful-pat', 'CFPAT-', g.url64(43)),
  named('contentful-delivery-token', 'CONTENTFUL_DELIVERY_TOKEN', g.url64(43)),
  named('algolia-admin-key', 'ALGOLIA_ADMIN_KEY', g.hex(32)),
  prefixed('mapbox-secret-token', 'sk.eyJ', `${g.url64(60)}.${g.url64(22)}`),
  prefixed('dropbox-short-lived-token', 'sl.', g.url64(140)),
  named('dropbox-long-lived-token', 'DROPBOX_ACCESS_TOKEN', `${g.url64(11)}AAAAAAAAAA${g.url64(43)}`),
  // Monitoring and analytics
  prefixed('grafana-cloud-token', 'glc_', g.b64(100)),
  prefixed('grafana-service-account-token', 'glsa_', `${g.alnum(32)}_${g.hex(8)}`),
  // The base64 of {"k":…,"n":…,"id":…}: a long name, and the shortest (a one-letter name in org 1).
  prefixed('grafana-api-key', 'eyJrIjoi', b64(`{"k":"${g.alnum(32)}","n":"deploy-bot","id":${Number(g.digits(3))}}`).slice(8)),
  custom('grafana-api-key', [`GF_KEY=${b64(`{"k":"${g.alnum(32)}","n":"x","id":1}`)}`], [`eyJrIjoi${g.alnum(90)}`, b64(`{"k":"${'a'.repeat(32)}","n":"x","id":1}`)]),
  named('honeycomb-key', 'HONEYCOMB_API_KEY', g.alnum(32)),
  named('pagerduty-key', 'PAGERDUTY_API_KEY', g.url64(20)),
  named('sumologic-key', 'SUMOLOGIC_ACCESS_KEY', g.alnum(64)),
  named('rollbar-token', 'ROLLBAR_ACCESS_TOKEN', g.hex(32)),
  named('bugsnag-key', 'BUGSNAG_API_KEY', g.hex(32)),
  named('new-relic-license-key', 'NEW_RELIC_LICENSE_KEY', g.hex(40)),
  named('segment-write-key', 'SEGMENT_WRITE_KEY', g.alnum(32)),
  named('mixpanel-secret', 'MIXPANEL_API_SECRET', g.hex(32)),
  // Key material and connection strings
  custom(
    'age-secret-key',
    [`AGE-SECRET-KEY-1${g.chars('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}`],
    [`AGE-SECRET-KEY-1${'X'.repeat(58)}`, `AGE-SECRET-KEY-1${g.chars('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 30)}`, `AGE-SECRET-KEY-1${g.chars('BIO', 58)}`],
  ),
  custom(
    'connection-string-password',
    [`Server=tcp:db.contoso.net,1433;Database=app;User ID=app;Password=${g.mixed(16)};Encrypt=True;`, `"Host=db;Username=app;Pwd=${g.mixed(14)}"`],
    ['Server=db;Database=app;User ID=app;Password=;', 'Server=db;User ID=app;Password=${DB_PASSWORD};', 'Server=db;User ID=app;Password=changeme;', 'Server=db;User ID=app;Password=********;'],
  ),
  custom(
    'jdbc-password',
    [`jdbc:postgresql://db:5432/app?user=app&password=${g.mixed(16)}`, `jdbc:oracle:thin:scott/${g.mixed(12)}@db:1521/ORCL`],
    ['jdbc:postgresql://db:5432/app?user=app&password=${DB_PASSWORD}', 'jdbc:mysql://db/app?user=app&password=xxxxxxxx', 'jdbc:mysql://db/app?user=app'],
  ),
  custom('snowflake-url', [`snowflake://etl:${g.mixed(16)}@acme-xy12345/db`], ['snowflake://etl:${SNOWFLAKE_PASSWORD}@acme/db', 'snowflake://etl@acme/db']),
  custom(
    'cloudinary-url',
    [`CLOUDINARY_URL=cloudinary://${g.digits(15)}:${g.url64(27)}@demo-cloud`],
    [`cloudinary://${g.digits(15)}:${'x'.repeat(27)}@demo`, `cloudinary://${g.digits(15)}:${g.url64(8)}@demo`, `cloudinary://${g.digits(15)}@demo`],
  ),
];
