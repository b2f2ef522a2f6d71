import java.lang.reflect.Field;

/**
 * Starts DynamoDB Local exactly as its own main class would, except that its Jetty connectors
 * bind to 127.0.0.1 instead of every interface: DynamoDB Local has no bind-address option, and
 * anyone who can reach it can write any item (a key with a known hash, say).
 *
 * Reflection only, so this compiles without the DynamoDB Local jar. Rebuild the committed class
 * with: javac --release 11 LoopbackDynamoDbLocal.java (a JRE can run it; only javac needs a JDK).
 */
public final class LoopbackDynamoDbLocal {
  private static final String RUNNER = "software.amazon.dynamodb.services.local.main.ServerRunner";
  private static final String LOOPBACK = "127.0.0.1";

  private LoopbackDynamoDbLocal() {}

  public static void main(String[] args) throws Exception {
    Object proxy =
        Class.forName(RUNNER)
            .getMethod("createServerFromCommandLineArgs", String[].class)
            .invoke(null, (Object) args);
    Field field = proxy.getClass().getDeclaredField("server");
    field.setAccessible(true);
    Object jetty = field.get(proxy);
    Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
    if (connectors.length == 0) {
      throw new IllegalStateException("DynamoDB Local has no connector to bind to " + LOOPBACK);
    }
    for (Object connector : connectors) {
      connector.getClass().getMethod("setHost", String.class).invoke(connector, LOOPBACK);
    }
    proxy.getClass().getMethod("start").invoke(proxy);
  }
}
