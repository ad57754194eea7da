#include "server/transport/http_sessions.hpp"

#include <catch2/catch.hpp>
#include <set>

#include "server/transport/http_guard.hpp"
#include "server/transport/sse_writer.hpp"

using namespace server::transport::http;
using namespace std::chrono_literals;
using Clock = SessionTable::Clock;

TEST_CASE("session ids are random, unique and header-safe", "[server][http]") {
    std::set<std::string> ids;
    for (int i = 0; i < 200; ++i) {
        const std::string id = random_session_id();
        CHECK(id.size() == 32);
        CHECK(is_valid_session_id(id));
        ids.insert(id);
    }
    CHECK(ids.size() == 200);
}

TEST_CASE("the session table finds, removes and caps sessions", "[server][http]") {
    SessionTable table(2, 60s);
    const auto t0 = Clock::now();
    auto a = table.create(t0);
    auto b = table.create(t0);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->id != b->id);
    CHECK_FALSE(table.create(t0));  // full, nothing expired
    CHECK(table.find(a->id, t0) == a->session);
    CHECK(table.find("unknown", t0) == nullptr);

    auto flag = std::make_shared<std::atomic<bool>>(false);
    REQUIRE(b->session->begin_call("1", flag));
    CHECK(table.remove(b->id));
    CHECK(flag->load());  // its call was asked to stop
    CHECK_FALSE(table.remove(b->id));
    CHECK(table.find(b->id, t0) == nullptr);
    CHECK(table.create(t0));
    CHECK(table.size() == 2);
}

TEST_CASE("idle sessions expire unless a call is in flight", "[server][http]") {
    SessionTable table(2, 60s);
    const auto t0 = Clock::now();
    auto idle = table.create(t0);
    auto busy = table.create(t0);
    REQUIRE(idle);
    REQUIRE(busy);
    REQUIRE(busy->session->begin_call("7", std::make_shared<std::atomic<bool>>(false)));

    CHECK(table.expire(t0 + 30s) == 0);
    CHECK(table.find(idle->id, t0 + 50s) != nullptr);  // use renews it
    CHECK(table.expire(t0 + 100s) == 0);
    CHECK(table.expire(t0 + 111s) == 1);
    CHECK(table.find(idle->id, t0 + 111s) == nullptr);
    CHECK(table.find(busy->id, t0 + 200s) != nullptr);  // busy: kept

    busy->session->end_call("7");
    CHECK(table.find(busy->id, t0 + 300s) == nullptr);  // idle since t0 + 200s: expired on sight

    // A full table makes room by dropping expired sessions.
    SessionTable small(1, 10s);
    REQUIRE(small.create(t0));
    CHECK_FALSE(small.create(t0 + 5s));
    CHECK(small.create(t0 + 11s));
}

TEST_CASE("SSE events carry one JSON text on one data line", "[server][http]") {
    const nlohmann::json message = {{"jsonrpc", "2.0"}, {"id", 1}, {"result", {{"text", "a\nb\r\nc"}}}};
    const std::string event = sse_event(message);
    CHECK(event.rfind("event: message\ndata: ", 0) == 0);
    CHECK(event.substr(event.size() - 2) == "\n\n");
    const std::string data = event.substr(21, event.size() - 23);
    CHECK(data.find('\n') == std::string::npos);
    CHECK(data.find('\r') == std::string::npos);
    CHECK(nlohmann::json::parse(data) == message);
}

TEST_CASE("a reply channel delivers notifications, then the reply, once", "[server][http]") {
    ReplyChannel channel;
    CHECK(channel.take(1ms).notifications.empty());
    channel.notify({{"n", 1}});
    channel.notify({{"n", 2}});
    auto first = channel.take(1ms);
    CHECK(first.notifications.size() == 2);
    CHECK_FALSE(first.reply);
    channel.reply({{"id", 1}});
    channel.notify({{"n", 3}});  // after the reply: dropped
    channel.reply({{"id", 2}});  // a second reply: dropped
    auto second = channel.take(1ms);
    CHECK(second.notifications.empty());
    REQUIRE(second.reply);
    CHECK((*second.reply)["id"] == 1);
    CHECK_FALSE(channel.take(1ms).reply);

    ReplyChannel closed;
    closed.close();
    closed.notify({{"n", 1}});
    closed.reply({{"id", 1}});
    auto output = closed.take(1ms);
    CHECK(output.notifications.empty());
    REQUIRE(output.reply);
    CHECK(output.reply->is_null());  // the client is gone: nothing to send
}
