package dev.hvlab.core.spi;

/**
 * A hypervisor model, found through {@link java.util.ServiceLoader}: each hypervisor module
 * lists its implementation in {@code META-INF/services/dev.hvlab.core.spi.HypervisorProvider}.
 * {@link #create} makes the {@link dev.hvlab.core.hypervisor.HypervisorModel} that
 * {@link dev.hvlab.core.hypervisor.El2Dispatcher#install} puts on a machine.
 */
public interface HypervisorProvider {
    /** The name users type ({@code --hypervisor xen}): lower case letters, digits and '-'. */
    String name();

    /** One line for {@code hvlab info}; says plainly what is and is not modelled. */
    String description();

    /**
     * The record this model's configuration file is read into with
     * {@link dev.hvlab.core.config.ConfigReader}, or null when the model takes no configuration.
     */
    Class<? extends Record> configType();

    /**
     * A new instance of the model for one machine, configured by {@code config} (an instance of
     * {@link #configType()}, or null for the model's defaults); null while the model does not exist yet.
     */
    default dev.hvlab.core.hypervisor.HypervisorModel create(Record config) {
        return null;
    }
}
