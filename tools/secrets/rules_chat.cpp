// Messaging and email: Slack, Discord, Telegram, Microsoft Teams, Twilio, SendGrid, Mailgun,
// Mailchimp, Brevo.
#include <algorithm>

#include "tools/secrets/entropy.hpp"
#include "tools/secrets/rule.hpp"
#include "tools/secrets/validators.hpp"

namespace tools::secrets {
namespace {

// A Discord bot token's first part is the bot's user ID (a 17-20 digit snowflake) in base64.
bool discord_token_ok(std::string_view secret, Groups) {
    const std::size_t dot = secret.find('.');
    const auto id = base64_decode(secret.substr(0, dot));
    return id && id->size() >= 17 && id->size() <= 20 &&
           std::all_of(id->begin(), id->end(), [](char c) { return c >= '0' && c <= '9'; }) &&
           !has_placeholder_marks(secret);
}

bool hex_with_letters_and_digits(std::string_view secret, Groups) {
    const CharClasses classes = char_classes(secret);
    return classes.digit && (classes.lower || classes.upper) && !has_placeholder_marks(secret) &&
           shannon_entropy(secret) >= 3.0;
}

}  // namespace

void add_chat_rules(std::vector<Rule>& rules) {
    rules.push_back({.id = "slack-bot-token",
                     .description = "Slack bot token",
                     .keywords = {kw("xoxb-")},
                     .pattern = R"(\b(xoxb-\d{8,14}-\d{8,14}-[A-Za-z0-9]{20,40})\b)",
                     .after = 90});
    rules.push_back({.id = "slack-user-token",
                     .description = "Slack user token",
                     .keywords = {kw("xoxp-"), kw("xoxs-"), kw("xoxo-")},
                     .pattern = R"(\b(xox[pso]-\d{1,14}-\d{1,14}-\d{1,14}-[a-fA-F0-9]{20,64})\b)",
                     .after = 120});
    rules.push_back({.id = "slack-workspace-token",
                     .description = "Slack workspace access or refresh token",
                     .keywords = {kw("xoxa-"), kw("xoxr-")},
                     .pattern = R"(\b(xox[ar]-(?:\d-)?[A-Za-z0-9-]{30,200})\b)",
                     .check = hex_with_letters_and_digits,
                     .after = 220});
    rules.push_back({.id = "slack-config-token",
                     .description = "Slack app configuration or rotating token",
                     .keywords = {kw("xoxe.xox"), kw("xoxe-")},
                     .pattern = R"(\b(xoxe(?:\.xox[bp])?-\d-[A-Za-z0-9]{100,200})\b)",
                     .after = 230});
    rules.push_back({.id = "slack-app-token",
                     .description = "Slack app-level token",
                     .keywords = {kw("xapp-")},
                     .pattern = R"(\b(xapp-\d-[A-Z0-9]{8,14}-\d{8,16}-[a-z0-9]{32,80})\b)",
                     .after = 130});
    rules.push_back(
        {.id = "slack-webhook-url",
         .description = "Slack incoming webhook URL",
         .keywords = {kw("hooks.slack.com/")},
         .pattern =
             R"(((?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,12}/[A-Z0-9]{8,14}/[A-Za-z0-9]{20,40})\b)",
         .before = 8,
         .after = 120});
    rules.push_back(
        {.id = "discord-bot-token",
         .description = "Discord bot token",
         .keywords = {kw("discord")},
         .pattern =
             R"((?:^|[^A-Za-z0-9_-])([MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?:[^A-Za-z0-9_-]|$))",
         .check = discord_token_ok,
         .before = 256,
         .after = 256});
    rules.push_back(
        {.id = "discord-webhook-url",
         .description = "Discord webhook URL",
         .keywords = {kw("discord")},
         .pattern =
             R"(\b(discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_-]{60,68})(?:[^A-Za-z0-9_-]|$))",
         .after = 130});
    rules.push_back({.id = "telegram-bot-token",
                     .description = "Telegram bot token",
                     .keywords = {kw_exact(":AA")},
                     .pattern = R"((?:^|[^0-9])(\d{8,10}:AA[A-Za-z0-9_-]{33})(?:[^A-Za-z0-9_-]|$))",
                     .before = 12,
                     .after = 40});
    rules.push_back(
        {.id = "teams-webhook-url",
         .description = "Microsoft Teams incoming webhook URL",
         .keywords = {kw(".webhook.office.com/webhookb2/")},
         .pattern =
             R"(\b([a-z0-9-]+\.webhook\.office\.com/webhookb2/[a-f0-9-]{36}@[a-f0-9-]{36}/IncomingWebhook/[a-f0-9]{32}/[a-f0-9-]{36}))",
         .before = 64,
         .after = 220});
    rules.push_back({.id = "twilio-api-key",
                     .description = "Twilio API key SID with its secret nearby, or an API key alone",
                     .keywords = {kw_exact("SK", true)},
                     .pattern = R"(\b(SK[0-9a-fA-F]{32})\b)",
                     .check = hex_with_letters_and_digits,
                     .after = 40});
    rules.push_back(
        {.id = "twilio-auth-token",
         .description = "Twilio auth token",
         .keywords = {kw("twilio")},
         .pattern = R"((?i)twilio[^\n]*?(?:auth[ _-]?token|api[ _-]?secret|secret)[^\n]*?\b([a-f0-9]{32})\b)",
         .check = hex_with_letters_and_digits,
         .priority = Priority::contextual,
         .after = 160});
    rules.push_back({.id = "sendgrid-api-key",
                     .description = "SendGrid API key",
                     .keywords = {kw_exact("SG.")},
                     .pattern = R"(\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$))",
                     .after = 80});
    rules.push_back({.id = "mailgun-api-key",
                     .description = "Mailgun API key",
                     .keywords = {kw_exact("key-", true)},
                     .pattern = R"(\b(key-[0-9a-f]{32})\b)",
                     .check = hex_with_letters_and_digits,
                     .after = 40});
    rules.push_back({.id = "mailchimp-api-key",
                     .description = "Mailchimp API key",
                     .keywords = {kw_exact("-us")},
                     .pattern = R"(\b([0-9a-f]{32}-us\d{1,2})\b)",
                     .check = hex_with_letters_and_digits,
                     .before = 34,
                     .after = 8});
    rules.push_back({.id = "brevo-api-key",
                     .description = "Brevo (Sendinblue) API key",
                     .keywords = {kw("xkeysib-")},
                     .pattern = R"(\b(xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16})\b)",
                     .after = 100});
}

}  // namespace tools::secrets
