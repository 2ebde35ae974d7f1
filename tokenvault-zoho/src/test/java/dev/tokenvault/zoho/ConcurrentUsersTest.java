package dev.tokenvault.zoho;

import static dev.tokenvault.zoho.SdkTokens.columns;
import static dev.tokenvault.zoho.SdkTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.zoho.api.authenticator.OAuthToken;
import com.zoho.api.authenticator.Token;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads driving one store at once, as the SDK's multi-user {@code switchUser} pattern
 * does: each thread has its own SDK token object and makes the store calls of its requests
 * (see {@link SdkTokenFlow}), all against the same store. No save may be lost and no token
 * stored twice.
 */
final class ConcurrentUsersTest {
  private static final int THREADS = 8;
  private static final int REQUESTS_PER_USER = 40;
  /** Every this many requests, a user's access token has expired and is refreshed and saved. */
  private static final int EXPIRES_EVERY = 4;

  @TempDir Path dir;

  @Test
  void manyUsers_requestsOnManyThreads_everyUsersLastSaveIsStoredOnce() throws Exception {
    try (VaultTokenStore store = TestVaults.create(dir)) {
      List<String> lastAccessTokens = runAtOnce(THREADS, user -> () -> requests(store, user));

      List<Token> stored = store.getTokens();
      assertThat(stored).hasSize(THREADS);
      assertThat(stored).extracting(token -> columns(token).get("id")).doesNotHaveDuplicates();
      Map<String, String> accessByUser = new HashMap<>();
      stored.forEach(token -> accessByUser.put(columns(token).get("user_name"),
          columns(token).get("access_token")));
      for (int user = 0; user < THREADS; user++) {
        assertThat(accessByUser.get(userName(user))).as("user %d", user)
            .isEqualTo(lastAccessTokens.get(user));
      }
    }
  }

  @Test
  void oneUser_firstRequestOnManyThreadsAtOnce_storesOneToken() throws Exception {
    try (VaultTokenStore store = TestVaults.create(dir)) {
      List<String> ids = runAtOnce(THREADS, thread -> () -> firstRequestOfAlice(store, thread));

      List<Token> stored = store.getTokens();
      assertThat(stored).hasSize(1);
      assertThat(ids).containsOnly(columns(stored.get(0)).get("id"));
      assertThat(columns(stored.get(0))).containsEntry("user_name", "alice@example.com:7001");
    }
  }

  /** One user's session: a first request with a grant token, then requests by id. */
  private static String requests(VaultTokenStore store, int user) throws Exception {
    SdkTokenFlow sdk = new SdkTokenFlow(store, "1000.user" + user, userName(user));
    OAuthToken token = token("client_id", "1000.FAKECLIENTID0000000000000000A",
        "client_secret", "fakeclientsecret000000000000000000000000aa",
        "grant_token", "1000.fake-grant-" + user);
    String accessToken = sdk.request(token);
    for (int request = 1; request <= REQUESTS_PER_USER; request++) {
      if (request % EXPIRES_EVERY == 0) {
        sdk.advance(SdkTokenFlow.LIFETIME);
      }
      accessToken = sdk.request(token);
    }
    return accessToken;
  }

  /** The first request of the same user, made by one of many threads; returns the token id. */
  private static String firstRequestOfAlice(VaultTokenStore store, int thread) throws Exception {
    SdkTokenFlow sdk = new SdkTokenFlow(store, "1000.thread" + thread, null);
    OAuthToken token = token("user_name", "alice@example.com:7001",
        "client_id", "1000.FAKECLIENTID0000000000000000A",
        "client_secret", "fakeclientsecret000000000000000000000000aa",
        "grant_token", "1000.fake-grant-alice-" + thread);
    sdk.request(token);
    return token.getId();
  }

  private static String userName(int user) {
    return "user" + user + "@example.com:7001";
  }

  /** A task for thread number {@code thread}. */
  @FunctionalInterface
  private interface TaskFactory {
    Callable<String> task(int thread);
  }

  /** Runs one task per thread, all released by one latch, and returns their results in order. */
  private static List<String> runAtOnce(int threads, TaskFactory tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int thread = 0; thread < threads; thread++) {
        Callable<String> task = tasks.task(thread);
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<String> results = new ArrayList<>();
      for (Future<String> future : futures) {
        results.add(future.get(2, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
