// The coordinator's read model (what the dashboard shows, as plain view objects; docs/coordinator.md): import from
// here.
export { CoordinatorReadModel, serviceReadModel, type ReadModel, type ReadModelComponents } from './read-model.js'
export { manifestView, connectedPeers } from './network.js'
export type {
  Page, GalaxySummary, GalaxyVerification, GalaxyExtent, AreaState, PixelSummary, VolunteerLine, TeamLine, ArchiveLine,
  ProjectCounts, ManifestView, ConnectedPeer, BanLine, StarvedView
} from './views.js'
