package dev.tcpfleet.agent;

import dev.tcpfleet.agent.identity.HostIdentityResolver;
import dev.tcpfleet.agent.identity.StartupError;
import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.agent.snapshot.CommandLines;
import dev.tcpfleet.agent.snapshot.SnapshotCollector;
import dev.tcpfleet.agent.stress.HeadroomReader;
import dev.tcpfleet.agent.stress.StressGuardrails;
import dev.tcpfleet.agent.stress.StressLimits;
import dev.tcpfleet.agent.stress.StressService;
import dev.tcpfleet.agent.snapshot.SnapshotSettings;
import dev.tcpfleet.agent.tuning.ProcSysStore;
import dev.tcpfleet.agent.tuning.SysctlFiles;
import dev.tcpfleet.agent.tuning.TuningEngine;
import dev.tcpfleet.agent.tuning.TuningJournal;
import dev.tcpfleet.domain.stress.TargetAllowlist;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.KafkaClientMeters;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the agent's plain domain objects from its configuration. */
public class AgentBeans {

    /** Keeps the Kafka clients' throughput, lag and error meters (see {@link KafkaClientMeters}). */
    @Produces
    @Singleton
    MeterFilter kafkaClientMeters() {
        return MeterFilter.denyUnless(id -> KafkaClientMeters.exported(id.getName()));
    }

    @Produces
    @Singleton
    ProcFs procFs(AgentConfig config) {
        return new ProcFs(config.procRoot());
    }

    @Produces
    @Singleton
    HostIdentity hostIdentity(AgentConfig config, ProcFs procFs,
            @ConfigProperty(name = "quarkus.application.version") String agentVersion) {
        try {
            String hostname = config.hostname()
                    .or(procFs::kernelHostname)
                    .orElse("unknown");
            return new HostIdentity(HostIdentityResolver.hostId(config.hostId(), config.stateDir()), hostname,
                    config.labels(), agentVersion);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw StartupError.of(e);
        }
    }

    @Produces
    @Singleton
    SnapshotCollector snapshotCollector(AgentConfig config, ProcFs procFs, HostIdentity identity,
            TuningJournal journal) {
        CommandLines commandLines = CommandLines.of(config.processes().commandLine(),
                config.processes().redactPatterns().orElse(List.of()));
        return new SnapshotCollector(procFs, identity, Clock.systemUTC(),
                SnapshotSettings.defaults().withManaged(journal::managedValues).withCommandLines(commandLines));
    }

    @Produces
    @Singleton
    TuningJournal tuningJournal(AgentConfig config) {
        return new TuningJournal(config.stateDir().resolve("tuning"));
    }

    /** The guarded entry point for fleet tests: the administrator's allowlist, this host's caps and headroom. */
    @Produces
    @Singleton
    StressService stressService(AgentConfig config, ProcFs procFs) {
        AgentConfig.Stress stress = config.stress();
        StressLimits limits = new StressLimits(stress.maxConnections(), stress.maxConcurrency(), stress.maxRate(),
                stress.maxDuration().toMillis(), stress.headroomShare());
        TargetAllowlist allowlist = TargetAllowlist.of(stress.allowNetworks().orElse(List.of()),
                stress.allowPorts().orElse(List.of()));
        return new StressService(StressGuardrails.fleet(limits, allowlist), new HeadroomReader(procFs),
                Clock.systemUTC());
    }

    @Produces
    @Singleton
    TuningEngine tuningEngine(AgentConfig config, HostIdentity identity, ProcFs procFs, TuningJournal journal) {
        return new TuningEngine(identity.hostId(), new ProcSysStore(config.procSysRoot()), journal,
                new SysctlFiles(config.sysctlFilesRoot()), procFs, Clock.systemUTC());
    }
}
