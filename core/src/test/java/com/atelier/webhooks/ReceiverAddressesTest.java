package com.atelier.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiverAddressesTest {

    private static ReceiverAddresses resolvingTo(boolean allowLoopback, String... addresses) {
        return new ReceiverAddresses(allowLoopback, host -> {
            List<InetAddress> resolved = new java.util.ArrayList<>();
            for (String address : addresses) {
                resolved.add(InetAddress.getByName(address));
            }
            return resolved;
        });
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsNotPublic() {
        for (String address : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
                "224.0.0.1", "100.64.0.1", "::1", "fe80::1", "fd00::1", "::", "ff02::1", "::ffff:127.0.0.1", "64:ff9b::a00:1")) {
            assertThatThrownBy(() -> resolvingTo(false, "93.184.216.34", address).check(URI.create("https://hooks.example.com/")))
                    .as(address).isInstanceOf(ReceiverAddresses.RefusedReceiverException.class);
        }
    }

    @Test
    void aPublicNameIsCalledAtTheAddressThatWasChecked() {
        assertThat(resolvingTo(false, "93.184.216.34").check(URI.create("https://hooks.example.com/in")).getHostAddress())
                .isEqualTo("93.184.216.34");
    }

    @Test
    void onlyTheLocalStageTakesLoopbackAndPlainHttpAndNeverPrivateAddresses() {
        assertThat(resolvingTo(true, "127.0.0.1").check(URI.create("http://localhost:8080/in")).isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> resolvingTo(true, "10.0.0.1").check(URI.create("http://internal/in")))
                .isInstanceOf(ReceiverAddresses.RefusedReceiverException.class);
        assertThatThrownBy(() -> resolvingTo(false, "93.184.216.34").check(URI.create("http://hooks.example.com/in")))
                .hasMessageContaining("https");
    }

    @Test
    void aNameThatDoesNotResolveIsRefused() {
        ReceiverAddresses unresolvable = new ReceiverAddresses(false, host -> {
            throw new UnknownHostException(host);
        });

        assertThatThrownBy(() -> unresolvable.check(URI.create("https://nowhere.invalid/")))
                .hasMessageContaining("does not resolve");
    }
}
