package dev.hvlab.core.spi;

/**
 * A hypervisor model, found through {@link java.util.ServiceLoader}: each hypervisor module
 * lists its implementation in {@code META-INF/services/dev.hvlab.core.spi.HypervisorProvider}.
 * The EL2 operations a model performs are added to this interface by the issue that introduces
 * the EL2 model API; for now it only identifies the model.
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
}
