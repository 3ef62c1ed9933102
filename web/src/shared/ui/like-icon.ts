import { Heart } from "lucide-react";

/** The one icon for "like", on posts and comments alike, so a like reads the same everywhere. */
export const LikeIcon = Heart;
